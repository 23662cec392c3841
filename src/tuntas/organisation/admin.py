from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, AgencyService, SpmTeam, TeamMember


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "region", "is_active")
    list_filter = ("region",)


@admin.register(AgencyService)
class AgencyServiceAdmin(SimpleHistoryAdmin):
    list_display = ("agency", "service", "year")
    list_filter = ("year",)


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


@admin.register(SpmTeam)
class SpmTeamAdmin(SimpleHistoryAdmin):
    list_display = ("region", "year", "decree_number", "decree_date")
    inlines = [TeamMemberInline]
