"""The TRD in the admin site too (every edit an event); archive records read-only there."""

from django.contrib import admin

from archive.models import ArchivedFile, FileLoan, RetentionSeries
from caserecord.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(RetentionSeries)
class RetentionSeriesAdmin(AuditedAdmin):
    list_display = ["code", "series", "subseries", "gestion_years", "central_years",
                    "disposition", "active"]
    list_filter = ["disposition", "active"]
    search_fields = ["code", "series", "subseries"]


@admin.register(ArchivedFile)
class ArchivedFileAdmin(ReadOnlyAdmin):
    list_display = ["case", "series", "box", "folder", "folio_from", "folio_to",
                    "retention_until", "archived_at"]
    list_filter = ["series", "disposition"]
    list_select_related = ["case", "series"]
    search_fields = ["case__radicado", "box", "folder"]
    show_full_result_count = False


@admin.register(FileLoan)
class FileLoanAdmin(ReadOnlyAdmin):
    list_display = ["archived_file", "borrower", "lent_at", "due_on", "returned_at"]
    list_select_related = ["archived_file__case"]
    search_fields = ["archived_file__case__radicado", "borrower"]
