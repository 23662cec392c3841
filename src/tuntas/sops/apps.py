from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SopsConfig(AppConfig):
    name = "tuntas.sops"
    verbose_name = _("SOP")
