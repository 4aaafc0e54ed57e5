from django.urls import path

from reports import views, views_billing, views_exports, views_monthly

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicadores/", views.indicators, name="indicators"),
    path("indicadores/metas/", views.targets_edit, name="targets"),
]
urlpatterns += [
    path("sui/", views.sui, name="sui"),
    path("sui/<int:file_id>/descargar/", views.sui_download, name="sui-download"),
]
urlpatterns += [
    path("informes/", views_monthly.management_list, name="management"),
    path("informes/<int:report_id>/pdf/", views_monthly.management_pdf, name="management-pdf"),
    path("informes/<int:report_id>/aprobar/", views_monthly.management_approve,
         name="management-approve"),
    path("informes/<int:report_id>/enviar/", views_monthly.management_send,
         name="management-send"),
]
urlpatterns += [
    path("exportar/", views_exports.export, name="export"),
    path("exportar/<int:job_id>/", views_exports.export_job, name="export-job"),
    path("exportar/<int:job_id>/descargar/", views_exports.export_download,
         name="export-download"),
]
urlpatterns += [
    path("cuenta-de-cobro/", views_billing.billing, name="billing"),
    path("cuenta-de-cobro/<int:statement_id>/", views_billing.billing_detail,
         name="billing-detail"),
    path("cuenta-de-cobro/<int:statement_id>/pdf/", views_billing.billing_pdf,
         name="billing-pdf"),
    path("cuenta-de-cobro/<int:statement_id>/xlsx/", views_billing.billing_xlsx,
         name="billing-xlsx"),
    path("cuenta-de-cobro/precios/", views_billing.prices, name="prices"),
    path("novedades/", views_billing.novelties, name="novelties"),
]
