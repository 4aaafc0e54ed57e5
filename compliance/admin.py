"""Admin of the terms engine: rules and closures editable; terms and history read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from caserecord.admin import AuditedAdmin, ReadOnlyAdmin
from compliance.models import Alert, ExtraClosure, NonConformity, Term, TermAdjustment, TermRule


@admin.register(TermRule)
class TermRuleAdmin(AuditedAdmin):
    list_display = ["name", "kind", "business_days", "default_business_days", "sap_applies",
                    "legal_basis"]
    list_editable = ["business_days", "default_business_days"]
    readonly_fields = ["kind"]
    search_fields = ["name", "kind", "legal_basis"]
    fieldsets = [(None, {"fields": ["kind", "name", "business_days", "default_business_days",
                                    "sap_applies", "legal_basis"],
                         "description": _("Los términos nuevos usan estos valores; los términos "
                                          "ya abiertos no cambian.")})]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExtraClosure)
class ExtraClosureAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "formally_adopted", "document_reference"]
    list_filter = ["formally_adopted"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        from compliance.services import closure_save

        closure_save(closure=ExtraClosure.objects.get(pk=obj.pk) if change else None,
                     day=obj.date, name=obj.name, formally_adopted=obj.formally_adopted,
                     document_reference=obj.document_reference, actor=request.user)

    def delete_model(self, request, obj):
        from compliance.services import closure_delete

        closure_delete(closure=obj, actor=request.user)


class TermAdjustmentInline(admin.TabularInline):
    model = TermAdjustment
    extra = 0
    can_delete = False
    fields = ["cause", "starts_on", "ends_on", "extra_days", "document", "document_reference",
              "communicated_to_user_at", "author", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ["case", "purpose", "band", "due_date", "due_at", "met_at", "cancelled_at",
                    "suspended_since"]
    list_filter = ["purpose", "band", "unit"]
    search_fields = ["case__radicado"]
    date_hierarchy = "due_date"
    list_select_related = ["case"]
    inlines = [TermAdjustmentInline]


@admin.register(TermAdjustment)
class TermAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ["term", "cause", "starts_on", "ends_on", "extra_days", "author", "created_at"]
    list_filter = ["cause"]
    search_fields = ["term__case__radicado", "document_reference"]
    list_select_related = ["term__case", "author"]


@admin.register(NonConformity)
class NonConformityAdmin(admin.ModelAdmin):
    list_display = ["kind", "origin", "severity", "case", "status", "detected_at"]
    list_filter = ["kind", "origin", "severity", "status"]
    search_fields = ["case__radicado", "description"]
    # The treatment happens on the quality pages (compliance.services), where each change
    # is an event; here every field is read only.
    readonly_fields = [f.name for f in NonConformity._meta.fields]
    list_select_related = ["case"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "case", "band", "created_at", "read_at", "emailed_on"]
    list_filter = ["band"]
    list_select_related = ["recipient", "case"]
