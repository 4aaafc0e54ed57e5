"""Read-only admin for field visits: the daily work happens in the app's own pages."""

from django.contrib import admin

from field_visits.models import Acta, ActaPhoto, RevisionOrder, Seal, Visit


class ReadOnlyAdmin(admin.ModelAdmin):
    """Orders, visits and actas change only through field_visits.services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VisitInline(admin.TabularInline):
    model = Visit
    fk_name = "order"
    extra = 0
    can_delete = False
    fields = ["planned_date", "window_start", "window_end", "brigadista", "status",
              "failure_reason", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RevisionOrder)
class RevisionOrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "case", "reason", "priority", "status", "brigadista", "zone",
                    "created_at"]
    list_filter = ["status", "priority", "reason"]
    search_fields = ["number", "case__radicado", "address", "account_number", "meter_serial"]
    list_select_related = ["case", "brigadista"]
    inlines = [VisitInline]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["order", "planned_date", "window_start", "brigadista", "status"]
    list_filter = ["status", "planned_date"]
    search_fields = ["order__number", "order__case__radicado"]
    list_select_related = ["order", "brigadista"]


class SealInline(admin.TabularInline):
    model = Seal
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "number", "location", "condition"]

    def has_add_permission(self, request, obj=None):
        return False


class PhotoInline(admin.TabularInline):
    model = ActaPhoto
    extra = 0
    can_delete = False
    readonly_fields = ["original_name", "taken_at", "latitude", "longitude", "sha256"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Acta)
class ActaAdmin(ReadOnlyAdmin):
    list_display = ["number", "order", "brigadista", "attendance", "meter_serial", "submitted_at",
                    "corrects"]
    list_filter = ["attendance", "submitted_at"]
    search_fields = ["number", "order__number", "meter_serial", "order__case__radicado"]
    list_select_related = ["order", "brigadista", "corrects"]
    inlines = [SealInline, PhotoInline]
