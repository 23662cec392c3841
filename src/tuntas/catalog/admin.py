from django.contrib import admin

from .models import CatalogEdition, IndexRuleSet, QualityItem, Sector, ServiceType

# Catalog and rules come from versioned files (tuntas setup); the admin only shows them.
for model in (Sector, CatalogEdition, ServiceType, QualityItem, IndexRuleSet):
    admin.site.register(model)
