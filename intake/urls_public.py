from django.urls import path

from intake.views import public

app_name = "public"

urlpatterns = [
    path("radicar/", public.file_case, name="file"),
    path("radicada/<str:radicado>/", public.filed, name="filed"),
    path("radicada/<str:radicado>/constancia.pdf", public.receipt, name="receipt"),
    path("consultar/", public.track, name="track"),
    path("privacidad/", public.privacy, name="privacy"),
]
