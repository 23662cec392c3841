from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActorAssignment, PemdaHoliday, Run, Sop, Task


@admin.register(Sop)
class SopAdmin(SimpleHistoryAdmin):
    list_display = ("code", "region")


@admin.register(PemdaHoliday)
class PemdaHolidayAdmin(SimpleHistoryAdmin):
    list_display = ("region", "date", "name")


@admin.register(ActorAssignment)
class ActorAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("region", "actor_code", "user")


@admin.register(Run)
class RunAdmin(SimpleHistoryAdmin):
    list_display = ("sop_version", "region", "year", "started_at", "finished_at")


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ("run", "activity", "occurrence", "status", "due_at", "completed_at")
    list_filter = ("status",)
