from django.urls import path

from . import views

app_name = "sops"
urlpatterns = [
    path("", views.sop_list, name="list"),
    path("baru/", views.sop_create, name="create"),
    path("tugas/", views.inbox, name="inbox"),
    path("tugas/<int:pk>/mulai/", views.task_start, name="task_start"),
    path("tugas/<int:pk>/selesai/", views.task_complete, name="task_complete"),
    path("tugas/<int:pk>/kembalikan/", views.task_return, name="task_return"),
    path("tugas/<int:pk>/berkas/", views.task_output, name="task_output"),
    path("pelaksanaan/<int:pk>/", views.run_detail, name="run"),
    path("pelaksanaan/<int:pk>/kepatuhan/", views.run_compliance, name="compliance"),
    path("libur/", views.holidays, name="holidays"),
    path("libur/<int:pk>/hapus/", views.holiday_delete, name="holiday_delete"),
    path("pelaku/", views.actors, name="actors"),
    path("pelaku/<int:pk>/hapus/", views.actor_delete, name="actor_delete"),
    path("<slug:code>/", views.sop_detail, name="detail"),
    path("<slug:code>/ubah/", views.sop_edit, name="edit"),
    path("<slug:code>/yaml/", views.sop_yaml, name="yaml"),
    path("<slug:code>/pdf/", views.sop_pdf_view, name="pdf"),
    path("<slug:code>/mulai/", views.run_start, name="run_start"),
]
