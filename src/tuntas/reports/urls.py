from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("kotak-masuk/", views.inbox_list, name="inbox"),
    path("arsip/", views.archive, name="archive"),
    path("arsip/unduh/", views.archive_download, name="archive_download"),
    path("dokumen/<int:document_id>/unduh/", views.document_download, name="download"),
    path("pekerjaan/<int:job_id>/", views.job, name="job"),
    path("pengiriman/<int:dispatch_id>/terima/", views.acknowledge, name="acknowledge"),
    path("<str:code>/", views.report, name="report"),
    path("<str:code>/narasi/<str:section>/", views.narrative_edit, name="narrative"),
    path("<str:code>/pengaturan/", views.settings_edit, name="settings"),
    path("<str:code>/buat/", views.generate, name="generate"),
    path("<str:code>/pindaian/", views.scan_upload, name="scan"),
    path("<str:code>/kirim/", views.send, name="send"),
]
