from django.urls import path

from reports import views, views_monthly

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
