from django.urls import path

from habeas import views

app_name = "habeas_public"

urlpatterns = [
    path("", views.request_file, name="request"),
]
