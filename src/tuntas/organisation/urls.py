from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<str:code>/perangkat-daerah/tambah/", views.agency_add, name="agency_add"),
    path("<str:code>/salin-tahun/", views.year_copy, name="year_copy"),
    path(
        "perangkat-daerah/<int:agency_id>/layanan/", views.agency_services, name="agency_services"
    ),
]
