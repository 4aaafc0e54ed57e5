from django.urls import path

from compliance import views

app_name = "compliance"

urlpatterns = [
    path("calendario/", views.calendar, name="calendar"),
    path("calendario/cierres/<int:closure_id>/", views.closure_edit, name="closure-edit"),
    path("calendario/cierres/<int:closure_id>/eliminar/", views.closure_delete,
         name="closure-delete"),
    path("calculadora/", views.calculator, name="calculator"),
    path("alertas/", views.alerts, name="alerts"),
    path("termino/<int:term_id>/suspender/", views.term_suspend, name="term-suspend"),
    path("termino/<int:term_id>/reanudar/", views.term_resume, name="term-resume"),
]
