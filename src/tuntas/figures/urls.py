from django.urls import path

from . import views, views_excel

app_name = "figures"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("keterisian/", views.completeness, name="completeness"),
    path("kebutuhan/", views.needs, name="needs"),
    path("jadwal/", views.windows, name="windows"),
    path("<str:region>/<slug:agency>/<str:code>/", views.service, name="service"),
    path("<str:region>/<slug:agency>/<str:code>/periksa/", views.validate_cell, name="validate"),
    path(
        "<str:region>/<slug:agency>/<str:code>/dari-penerima/",
        views.from_recipients,
        name="from_recipients",
    ),
    path("<str:region>/<slug:agency>/<str:code>/anggaran/", views.budget_line, name="budget"),
    path("<str:region>/<slug:agency>/<str:code>/rencana-aksi/", views.action_item, name="action"),
    # Excel (views_excel.py); paths chosen so the patterns above never catch them
    path("excel/<str:region>/<slug:agency>/isi/", views_excel.agency_page, name="excel"),
    path(
        "excel/<str:region>/<slug:agency>/templat/",
        views_excel.agency_template,
        name="excel_template",
    ),
    path(
        "excel/<str:region>/<slug:agency>/pratinjau/<slug:token>/",
        views_excel.agency_preview,
        name="excel_preview",
    ),
    path("ssh/", views_excel.prices_page, name="prices"),
    path("ssh/templat/", views_excel.prices_template, name="prices_template"),
    path("ssh/<slug:token>/", views_excel.prices_preview, name="prices_preview"),
]
