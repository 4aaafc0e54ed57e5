from django.urls import path

from intake.views import staff

app_name = "intake"

urlpatterns = [
    path("casos/<int:case_id>/", staff.case_detail, name="case-detail"),
    path("usuarios/<int:customer_id>/", staff.customer_detail, name="customer-detail"),
]
