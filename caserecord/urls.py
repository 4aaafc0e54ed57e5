from django.urls import path

from caserecord import views

app_name = "caserecord"

urlpatterns = [
    path("accesos/", views.access_log, name="access-log"),
    path("accesos/exportar.csv", views.access_log_export, name="access-log-export"),
]
