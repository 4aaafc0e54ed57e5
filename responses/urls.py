from django.urls import path

from responses import views, views_acts, views_terms

app_name = "responses"

urlpatterns = [
    path("", views.review_queue, name="review-queue"),
    path("casos/<int:case_id>/", views.case_responses, name="case"),
    path("casos/<int:case_id>/nueva/", views.response_new, name="new"),
    path("casos/<int:case_id>/recurso/", views.recurso_new, name="recurso-new"),
    path("casos/<int:case_id>/tutela/", views.tutela, name="tutela"),
    path("casos/<int:case_id>/silencio-positivo/", views.sap, name="sap"),
    path("casos/<int:case_id>/requerimiento/", views_acts.requerimiento,
         name="act-requerimiento"),
    path("casos/<int:case_id>/completada/", views_acts.completion, name="act-completion"),
    path("casos/<int:case_id>/prorroga-completar/", views_acts.completion_extension,
         name="act-completion-extension"),
    path("casos/<int:case_id>/desistimiento-tacito/", views_acts.desistimiento_tacito,
         name="act-desistimiento-tacito"),
    path("casos/<int:case_id>/desistimiento/", views_acts.desistimiento_expreso,
         name="act-desistimiento-expreso"),
    path("casos/<int:case_id>/traslado/", views_acts.traslado, name="act-traslado"),
    path("<int:response_id>/editar/", views.response_edit, name="edit"),
    path("<int:response_id>/enviar/", views.response_submit, name="submit"),
    path("<int:response_id>/revisar/", views.response_review, name="review"),
    path("<int:response_id>/versiones/", views.response_versions, name="versions"),
    path("<int:response_id>/emitir/", views.response_issue, name="issue"),
    path("cartas/<int:letter_id>/pdf/", views.letter_pdf, name="letter-pdf"),
    path("notificaciones/<int:notification_id>/comparecencia/", views.notification_appearance,
         name="appearance"),
    path("notificaciones/<int:notification_id>/entrega-aviso/",
         views.notification_aviso_delivery, name="aviso-delivery"),
    path("notificaciones/<int:notification_id>/<slug:action>/", views.notification_action,
         name="notify"),
    path("terminos/<int:term_id>/prorrogar/", views_terms.term_extend, name="term-extend"),
    path("terminos/<int:term_id>/pruebas/", views_terms.term_pruebas, name="term-pruebas"),
    path("comunicaciones/<int:communication_id>/envio/", views_terms.communication_dispatch,
         name="communication-dispatch"),
    path("traslados/<int:remission_id>/", views.remission_detail, name="remission"),
    path("traslados/<int:remission_id>/expediente.pdf", views.remission_pdf,
         name="remission-pdf"),
]
