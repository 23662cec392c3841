from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "tuntas.regions"
    verbose_name = "Wilayah"
