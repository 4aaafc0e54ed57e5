"""The admin site: behind PQR_ADMIN_PATH, and only after the second factor."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from pqr_portal import security


class PQRAdminSite(admin.AdminSite):
    """
    Django's admin site that also requires the second factor where it applies.

    Logging in happens on the staff login page (axes counts the failures
    there); the admin's own login page only sends people to it.
    """

    def has_permission(self, request):
        user = request.user
        if not super().has_permission(request):
            return False
        return not security.otp_required_for(user) or user.is_verified()

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:  # logged in, yet not allowed here
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or request.get_full_path())
