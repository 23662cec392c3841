from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("keterisian/", views.completeness, name="completeness"),
    path("kebutuhan/", views.needs, name="needs"),
    path("jadwal/", views.windows, name="windows"),
    path("<str:region>/<slug:agency>/<str:code>/", views.service, name="service"),
    path("<str:region>/<slug:agency>/<str:code>/periksa/", views.validate_cell, name="validate"),
    path("<str:region>/<slug:agency>/<str:code>/anggaran/", views.budget_line, name="budget"),
    path("<str:region>/<slug:agency>/<str:code>/rencana-aksi/", views.action_item, name="action"),
]
