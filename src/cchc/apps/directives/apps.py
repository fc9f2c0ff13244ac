from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "cchc.apps.directives"
    label = "directives"
    verbose_name = _("Chỉ đạo và nhiệm vụ")
    nav_items: list = []  # (label, url name, capability, order) — filled when the pages exist
