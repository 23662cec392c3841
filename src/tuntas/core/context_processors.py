from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from tuntas.accounts.models import AGENCY_ROLES


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries in the order of the yearly work, each shown to the roles that use it; set-up
    pages sit under "Lainnya". The one entry whose address is the longest prefix of the page's
    is marked current (so /sop/tugas/ is "Tugas saya", not also "SOP")."""
    if not request.user.is_authenticated:
        return {"nav_items": [], "nav_more": []}
    agency_role = request.user.role in AGENCY_ROLES
    main = [
        (_("Beranda"), reverse("home")),
        (_("Tugas saya"), reverse("sops:inbox")),
        (_("Penerapan SPM"), reverse("figures:overview")),
        (_("Data Penerima"), reverse("recipients:overview")),
        (_("Verifikasi"), reverse("approvals:list")),
        (_("Dasbor"), reverse("indexing:dashboard")),
        *([] if agency_role else [(_("Laporan"), reverse("reports:index"))]),
    ]
    more = [
        (_("SOP"), reverse("sops:list")),
        (_("Organisasi"), reverse("organisation:overview")),
        (_("Katalog SPM"), reverse("catalog:list")),
    ]
    path = request.path
    matches = [
        url for _label, url in main + more if path == url or (url != "/" and path.startswith(url))
    ]
    current = max(matches, key=len, default=None)

    def entries(items: list[tuple[str, str]]) -> list[dict[str, Any]]:
        return [{"label": label, "url": url, "active": url == current} for label, url in items]

    return {"nav_items": entries(main), "nav_more": entries(more)}
