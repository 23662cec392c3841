from django.contrib import admin

from .models import District, Region, Village


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    search_fields = ("code", "name")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "regency")
    search_fields = ("code", "name")


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district")
    search_fields = ("code", "name")
