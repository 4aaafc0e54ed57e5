"""Admin: the coordinator edits letter templates; issued acts are read-only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from responses.models import (
    IssuedLetter,
    Notification,
    Recurso,
    ResponseTemplate,
    SspdRemission,
)
from responses.templating import FIELDS, unknown_fields


class ResponseTemplateForm(forms.ModelForm):
    class Meta:
        model = ResponseTemplate
        fields = ["name", "purpose", "case_kind", "causal", "answer_kind", "body", "decision",
                  "admits_recursos", "active"]

    def clean(self):
        data = super().clean()
        unknown = unknown_fields((data.get("body") or "") + (data.get("decision") or ""))
        if unknown:
            raise ValidationError(
                _("Campos desconocidos: %(u)s. Disponibles: %(f)s")
                % {"u": ", ".join(unknown), "f": ", ".join(sorted(FIELDS))})
        return data


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    form = ResponseTemplateForm
    list_display = ["name", "purpose", "case_kind", "causal", "answer_kind", "active"]
    list_filter = ["purpose", "answer_kind", "active"]
    search_fields = ["name", "body"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedLetter)
class IssuedLetterAdmin(ReadOnlyAdmin):
    list_display = ["outgoing_radicado", "case", "issued_at", "answer_kind", "verification_code"]
    search_fields = ["outgoing_radicado", "case__radicado", "verification_code"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["letter", "channel", "dispatched_at", "notified_at", "method", "sap_risk"]
    list_filter = ["channel", "method", "sap_risk"]


@admin.register(Recurso)
class RecursoAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "filed_at", "in_window"]


@admin.register(SspdRemission)
class SspdRemissionAdmin(ReadOnlyAdmin):
    list_display = ["recurso", "sent_at", "sspd_radicado", "sspd_decision", "complied_at"]
