"""Object permissions for the `rules` backend, so views and services ask `has_perm`."""

from typing import Any

import rules

from .scoping import can_manage_region


@rules.predicate
def manages_region(user: Any, region: Any) -> bool:
    return region is not None and can_manage_region(user, region)


rules.add_perm("regions.manage_region", manages_region)
