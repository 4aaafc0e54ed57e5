from django.urls import path

from intake.views import front, staff

app_name = "intake"

urlpatterns = [
    path("casos/", staff.case_list, name="case-list"),
    path("casos/asignar/", staff.case_bulk_assign, name="case-bulk-assign"),
    path("casos/<int:case_id>/", staff.case_detail, name="case-detail"),
    path("casos/<int:case_id>/estado/", staff.case_transition, name="case-transition"),
    path("casos/<int:case_id>/asignar/", staff.case_assign, name="case-assign"),
    path("casos/<int:case_id>/anular/", staff.case_annul, name="case-annul"),
    path("casos/<int:case_id>/datos-usuario/", staff.case_contact_accept,
         name="case-contact-accept"),
    path("casos/<int:case_id>/anexos/", staff.attachment_upload, name="attachment-upload"),
    path("casos/<int:case_id>/anexos/<int:attachment_id>/", staff.attachment_download,
         name="attachment-download"),
    path("casos/<int:case_id>/constancia.pdf", front.case_receipt, name="case-receipt"),
    path("casos/<int:case_id>/radicado/", front.registered, name="registered"),
    path("radicar/", front.register, name="register"),
    path("radicar/duplicados/", front.duplicate_check, name="duplicate-check"),
    path("informacion/", front.quick_answer, name="quick-answer"),
    path("equipos/", staff.teams, name="teams"),
    path("usuarios/", staff.customer_list, name="customer-list"),
    path("usuarios/<int:customer_id>/", staff.customer_detail, name="customer-detail"),
    path("usuarios/<int:customer_id>/acuerdo/", front.agreement_new, name="agreement-new"),
    path("acuerdos/<int:agreement_id>/", front.agreement_detail, name="agreement-detail"),
    path("acuerdos/<int:agreement_id>/pdf/", front.agreement_pdf, name="agreement-pdf"),
    path("acuerdos/<int:agreement_id>/estado/", front.agreement_status, name="agreement-status"),
]
