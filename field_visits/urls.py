from django.urls import path

from field_visits import views

app_name = "field_visits"

urlpatterns = [
    path("", views.programming, name="programming"),
    path("indicadores/", views.indicators, name="indicators"),
    path("ordenes/nueva/<int:case_id>/", views.order_create, name="order-create"),
    path("ordenes/<int:order_id>/", views.order_detail, name="order-detail"),
    path("ordenes/<int:order_id>/programar/", views.order_schedule, name="order-schedule"),
    path("ordenes/<int:order_id>/anular/", views.order_cancel, name="order-cancel"),
    path("visita/<int:visit_id>/mover/", views.visit_move, name="visit-move"),
    path("mis-visitas/", views.my_visits, name="my-visits"),
    path("visita/<int:visit_id>/", views.visit_detail, name="visit-detail"),
    path("visita/<int:visit_id>/acta/", views.acta_form, name="acta-form"),
    path("visita/<int:visit_id>/no-realizada/", views.visit_fail, name="visit-fail"),
    path("actas/<int:acta_id>/", views.acta_detail, name="acta-detail"),
    path("actas/<int:acta_id>/pdf/", views.acta_pdf, name="acta-pdf"),
    path("actas/<int:acta_id>/corregir/", views.acta_correct, name="acta-correct"),
    path("fotos/<int:photo_id>/", views.acta_photo, name="acta-photo"),
]
