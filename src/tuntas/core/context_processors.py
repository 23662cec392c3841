from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from tuntas.accounts.models import AGENCY_ROLES


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries; later capabilities add theirs here, each shown to the roles that use it."""
    if not request.user.is_authenticated:
        return {"nav_items": []}
    items = [
        (_("Beranda"), reverse("home")),
        (_("Organisasi"), reverse("organisation:overview")),
        (_("Penerapan SPM"), reverse("figures:overview")),
        (_("Verifikasi"), reverse("approvals:list")),
        (_("Dasbor"), reverse("indexing:dashboard")),
        (_("Katalog SPM"), reverse("catalog:list")),
        (_("SOP"), reverse("sops:list")),
        (_("Tugas saya"), reverse("sops:inbox")),
        *(
            [(_("Laporan"), reverse("reports:index"))]
            if request.user.role not in AGENCY_ROLES
            else []
        ),
        (_("Data Penerima"), reverse("recipients:overview")),
    ]
    path = request.path
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "active": path == url or (url != "/" and path.startswith(url)),
            }
            for label, url in items
        ]
    }
