from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "cchc.apps.documents"
    label = "documents"
    verbose_name = _("Văn bản và lưu trữ")
    nav_items: list = []
