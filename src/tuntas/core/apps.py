from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tuntas.core"
    verbose_name = "Inti"
