"""The REST API at /api/v1/: every endpoint needs a personal token and is scoped like the UI."""

from ninja import NinjaAPI

from tuntas.accounts.api import TokenAuth
from tuntas.accounts.api import router as accounts_router
from tuntas.approvals.api import router as approvals_router
from tuntas.catalog.api import router as catalog_router
from tuntas.figures.api import router as figures_router
from tuntas.indexing.api import router as indexing_router
from tuntas.organisation.api import router as organisation_router
from tuntas.recipients.api import router as recipients_router
from tuntas.reports.api import router as reports_router
from tuntas.sops.api import router as sops_router

api = NinjaAPI(
    title="Tuntas API",
    version="1",
    description="API Tuntas untuk penerapan dan pelaporan SPM. Gunakan token pribadi dari "
    "halaman Akun: `Authorization: Bearer tnt_...`.",
    auth=TokenAuth(),
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", catalog_router)
api.add_router("/", organisation_router)
api.add_router("/", sops_router)
api.add_router("/", reports_router)
api.add_router("/", figures_router)
api.add_router("/", recipients_router)
api.add_router("/", approvals_router)
api.add_router("/", indexing_router)
