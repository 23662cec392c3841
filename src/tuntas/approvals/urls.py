from django.urls import path

from . import views

app_name = "approvals"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("provinsi/", views.province, name="province"),
    path("<str:region>/<slug:agency>/<int:year>/<int:quarter>/", views.review, name="review"),
]
