from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "tuntas.catalog"
    verbose_name = "Katalog SPM"
