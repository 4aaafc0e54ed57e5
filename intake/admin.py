"""
Admin of intake: the coordinator edits catalogues here; cases, events and files
are read-only (every write to a case goes through intake.services).
"""

from django.contrib import admin

from caserecord.admin import AuditedAdmin, EventInline, ReadOnlyAdmin
from intake.models import Attachment, Case, Causal, Customer, Municipality, PaymentAgreement


@admin.register(Causal)
class CausalAdmin(AuditedAdmin):
    list_display = ["code", "group", "name", "public_label", "active"]
    list_filter = ["group", "active"]
    search_fields = ["code", "name", "public_label"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ["dane_code", "name", "department_name"]
    search_fields = ["dane_code", "name", "department_name"]


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ["id_type", "id_number", "first_name", "last_name", "business_name",
                    "accounts"]
    search_fields = ["id_number", "first_name", "last_name", "business_name", "accounts"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["radicado", "kind", "channel", "status", "filed_at", "assignee"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["radicado", "account_number", "customer__id_number"]
    list_select_related = ["assignee"]
    raw_id_fields = ["customer", "parent", "duplicate_of", "assignee", "causal", "municipality"]
    inlines = [EventInline]
    show_full_result_count = False  # no COUNT(*) over a million rows on every page


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "case", "kind", "content_type", "size", "uploaded_at"]
    list_select_related = ["case"]
    raw_id_fields = ["case", "uploaded_by"]


@admin.register(PaymentAgreement)
class PaymentAgreementAdmin(ReadOnlyAdmin):
    list_display = ["number", "customer", "account_number", "debt_amount", "installments",
                    "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["number", "account_number", "customer__id_number"]
    list_select_related = ["customer"]
