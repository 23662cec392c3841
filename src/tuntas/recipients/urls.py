from django.urls import path

from . import views

app_name = "recipients"
# The import pages come first: "impor/1/pemetaan/" would also match the list's pattern.
urlpatterns = [
    path("", views.overview, name="overview"),
    path("impor/<int:pk>/pemetaan/", views.import_mapping, name="mapping"),
    path("impor/<int:pk>/", views.import_progress, name="progress"),
    path("impor/<int:pk>/hasil/", views.import_result, name="result"),
    path("impor/<int:pk>/baris-ditolak.xlsx", views.import_errors, name="errors"),
    path("<str:region>/<int:year>/<str:service>/", views.recipients, name="list"),
    path("<str:region>/<int:year>/<str:service>/impor/", views.import_start, name="import"),
    path(
        "<str:region>/<int:year>/<str:service>/templat.xlsx",
        views.template_download,
        name="template",
    ),
]
