from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tuntas.accounts"
    verbose_name = "Pengguna"
