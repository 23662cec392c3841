from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from tuntas.catalog.selectors import NoCatalogForYear
from tuntas.organisation.selectors import region_get

from .selectors import index_get

router = Router(tags=["indeks"])


@router.get(
    "/regions/{code}/index",
    response=dict[str, Any],
    summary="Indeks Pencapaian SPM sebuah Pemda (bentuk sama dengan `tuntas index`)",
)
def region_index(request: HttpRequest, code: str, year: int, quarter: int = 4) -> dict[str, Any]:
    if quarter not in (1, 2, 3, 4):
        raise HttpError(422, "Triwulan harus 1 sampai 4.")
    try:
        region = region_get(actor=request.auth, code=code)  # type: ignore[attr-defined]
        stored = index_get(
            actor=request.auth,  # type: ignore[attr-defined]
            region=region,
            year=year,
            quarter=quarter,
        )
    except (PermissionDenied, NoCatalogForYear) as exc:
        raise HttpError(404, str(exc)) from exc
    return stored.as_dict()
