"""The public pages of reports: the citizen's satisfaction survey (no login)."""

from django.urls import path

from reports import views_public

app_name = "reports_public"

urlpatterns = [
    path("<str:token>/", views_public.survey, name="survey"),
]
