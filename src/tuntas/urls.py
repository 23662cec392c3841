from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tuntas.api import api
from tuntas.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", include("tuntas.accounts.urls")),
    path("organisasi/", include("tuntas.organisation.urls")),
    path("katalog/", include("tuntas.catalog.urls")),
    path("sop/", include("tuntas.sops.urls")),
    path("laporan/", include("tuntas.reports.urls")),
    path("penerapan/", include("tuntas.figures.urls")),
    path("penerima/", include("tuntas.recipients.urls")),
    path("verifikasi/", include("tuntas.approvals.urls")),
    path("indeks/", include("tuntas.indexing.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
