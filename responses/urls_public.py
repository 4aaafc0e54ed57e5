from django.urls import path

from responses import views_public

app_name = "responses_public"

urlpatterns = [
    path("", views_public.verify_form, name="verify-form"),
    path("notificacion/<str:token>/", views_public.notification_open, name="notification-open"),
    path("notificacion/<str:token>/respuesta.pdf", views_public.notification_pdf,
         name="notification-pdf"),
    path("recurso/", views_public.recurso_file, name="recurso"),
    path("avisos/", views_public.avisos, name="avisos"),
    path("avisos/<str:radicado>.pdf", views_public.aviso_pdf, name="aviso-pdf"),
    path("<str:code>/", views_public.verify, name="verify"),
]
