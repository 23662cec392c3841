from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Dispatch, Document, Letterhead, LetterNumbering, Narrative, Signatory


class ReadOnlyAdmin(admin.ModelAdmin):
    """Archived documents and dispatches are shown, never changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("filename", "kind", "region", "year", "sha256", "created_by", "created_at")
    list_filter = ("kind", "year")


@admin.register(Dispatch)
class DispatchAdmin(ReadOnlyAdmin):
    list_display = ("number", "sender", "destination", "receiver", "sent_at", "acknowledged_at")


for model in (Letterhead, Signatory, Narrative, LetterNumbering):
    admin.site.register(model, SimpleHistoryAdmin)
