from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "cchc.apps.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ và Chỉ số 766")
    nav_items: list = []
