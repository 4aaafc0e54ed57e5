from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from pqr_portal import views, views_auth

admin.site.site_header = _("PQR Portal · administración")
admin.site.site_title = _("PQR Portal")

work_patterns = (
    [
        path("front-office/", views.work_front_office, name="front-office"),
        path("back-office/", views.work_back_office, name="back-office"),
        path("brigadista/", views.work_brigadista, name="brigadista"),
        path("coordinacion/", views.work_coordinador, name="coordinador"),
        path("auxiliar/", views.work_auxiliar, name="auxiliar"),
        path("gerencia/", views.work_gerente, name="gerente"),
    ],
    "work",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask /favicon.ico on every page that names no icon (PDFs, errors).
    path("favicon.ico", views.favicon, name="favicon"),
    path("cuenta/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("cuenta/password_reset/", views_auth.ThrottledPasswordResetView.as_view(),
         name="password_reset"),
    path("cuenta/verificar/", views_auth.otp_verify, name="otp-verify"),
    path("cuenta/dos-pasos/", views_auth.otp_setup, name="otp-setup"),
    path("cuenta/", include("django.contrib.auth.urls")),
    path("trabajo/", include(work_patterns)),
    # The citizens' home: the letters send citizens to /pqr/.
    path("pqr/", views.public_home, name="public-home"),
    path("pqr/", include("intake.urls_public")),
    path("pqr/verificar/", include("responses.urls_public")),
    path("pqr/encuesta/", include("reports.urls_public")),
    path("pqr/datos-personales/", include("habeas.urls_public")),
    path("gestion/", include("intake.urls")),
    path("terminos/", include("compliance.urls")),
    path("visitas/", include("field_visits.urls")),
    path("respuestas/", include("responses.urls")),
    path("archivo/", include("archive.urls")),
    path("reportes/", include("reports.urls")),
    path("gestion/datos-personales/", include("habeas.urls")),
    path("registro/", include("caserecord.urls")),
    path(settings.PQR_ADMIN_PATH, admin.site.urls),
]

# Uploads are never served from MEDIA_URL, not even in the embedded default:
# every file goes out through a view that checks who may see its case.
