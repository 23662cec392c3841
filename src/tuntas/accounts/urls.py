from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("pengguna/", views.users, name="users"),
    path("pengguna/<int:user_id>/status/", views.user_status, name="user_status"),
    path("token/", views.token_new, name="token_new"),
    path("token/<int:token_id>/cabut/", views.token_delete, name="token_delete"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_done"),
        ),
        name="password_change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_done",
    ),
]
