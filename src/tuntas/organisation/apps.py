from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "tuntas.organisation"
    verbose_name = "Organisasi"
