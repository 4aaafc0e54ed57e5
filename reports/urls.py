from django.urls import path

from reports import views

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
