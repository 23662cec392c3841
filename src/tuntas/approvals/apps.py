from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "tuntas.approvals"
    verbose_name = "Verifikasi dan pengesahan"
