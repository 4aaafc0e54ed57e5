from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("", views.archive_list, name="list"),
    path("pendientes/", views.pending_list, name="pending"),
    path("prestamos/", views.loan_list, name="loans"),
    path("casos/<int:closed_case_id>/archivar/", views.case_archive, name="case-archive"),
    path("casos/<int:closed_case_id>/expediente.pdf", views.expediente_pdf, name="expediente-pdf"),
    path("expedientes/<int:archived_id>/", views.file_detail, name="detail"),
    path("expedientes/<int:archived_id>/reubicar/", views.file_relocate, name="relocate"),
    path("expedientes/<int:archived_id>/prestar/", views.loan_new, name="loan-new"),
    path("prestamos/<int:loan_id>/devolver/", views.loan_return, name="loan-return"),
    path("trd/", views.trd_list, name="trd-list"),
    path("trd/nueva/", views.trd_new, name="trd-new"),
    path("trd/<int:series_id>/", views.trd_edit, name="trd-edit"),
]
