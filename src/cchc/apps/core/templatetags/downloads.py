"""``{% download_url obj "field" %}``: the authenticated link to a stored file (cchc.apps.core.downloads)."""

from django import template
from django.db.models import Model

from cchc.apps.core import downloads

register = template.Library()


@register.simple_tag
def download_url(obj: Model, field: str = "file") -> str:
    return downloads.download_url(obj, field)
