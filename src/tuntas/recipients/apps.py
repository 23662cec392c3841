from django.apps import AppConfig


class RecipientsConfig(AppConfig):
    name = "tuntas.recipients"
    verbose_name = "Data Penerima"
