from django.urls import path

from habeas import views

app_name = "habeas"

urlpatterns = [
    path("<int:case_id>/reporte/", views.access_report, name="access-report"),
    path("<int:case_id>/corregir/", views.correct, name="correct"),
    path("<int:case_id>/supresion/", views.suppression, name="suppression"),
]
