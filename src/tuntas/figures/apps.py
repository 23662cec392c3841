from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "tuntas.figures"
    verbose_name = "Penerapan SPM"
