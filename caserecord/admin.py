"""
Admin of the record: events and the outbox are read-only; `AuditedAdmin`
gives every catalogue admin (term rules, closures, causales, templates) an
event per change, so edits of records of legal value are traceable too.
"""

from django.contrib import admin
from django.db import transaction
from django.forms.models import model_to_dict

from caserecord.models import Event, OutgoingEmail
from caserecord.services import event_record


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Record who created, changed or deleted a catalogue row, and what changed."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changed = {name: model_to_dict(obj, fields=[name]).get(name)
                       for name in (form.changed_data if change else form.fields)}
            event_record(kind="record.changed" if change else "record.created", record=obj,
                         actor=request.user, data={"fields": changed, "repr": str(obj)})

    def delete_model(self, request, obj):
        with transaction.atomic():
            record, text = (obj._meta.label_lower, obj.pk), str(obj)
            super().delete_model(request, obj)
            event_record(kind="record.deleted", actor=request.user,
                         data={"record": record[0], "id": record[1], "repr": text})

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class EventInline(admin.TabularInline):
    model = Event
    fields = ["created_at", "kind", "actor", "note", "data"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "case", "record_type", "record_id", "kind", "actor", "summary"]
    list_filter = ["kind", "record_type"]
    list_select_related = ["case", "actor"]
    raw_id_fields = ["case", "actor"]
    show_full_result_count = False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdmin):
    list_display = ["subject", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "purpose"]
    show_full_result_count = False
