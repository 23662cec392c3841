from django.apps import AppConfig


class IndexingConfig(AppConfig):
    name = "tuntas.indexing"
    verbose_name = "Indeks Pencapaian SPM"
