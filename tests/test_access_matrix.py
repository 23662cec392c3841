"""The access matrix: every page and every API GET endpoint, walked from the URL conf and the
OpenAPI schema, refuses Kabupaten Bantul's (34.02) data to outsiders of Kabupaten Kulon Progo.

A new route joins the matrix by itself; when it takes a path argument this file cannot fill,
its test fails until the argument is added to KWARGS (or the route to NOT_PEMDA_SCOPED with a
reason), so no route escapes unnoticed.
"""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tuntas.accounts.models import User
from tuntas.accounts.services import token_create
from tuntas.regions.models import Region

pytestmark = pytest.mark.django_db

BANTUL = "34.02"
YEAR = 2026
QUERY = f"?region={BANTUL}&year={YEAR}"
# Texts only Bantul's data shows: its name, and the name of its dinkes operator.
MARKERS = ("Kabupaten Bantul", "Dwi Astuti")
OUTSIDERS = ("outsider", "outsider_operator")
SKIPPED_PREFIXES = ("admin/", "i18n/", "api/", "static/", "media/")
SKIPPED_NAMES = {"login", "logout"}

# Routes that are not Pemda-scoped: they show the user's own things or shared reference data.
# They are still requested by the outsiders with ?region=34.02, and must not show Bantul's data.
NOT_PEMDA_SCOPED = {
    "home",  # the user's own dashboard
    "accounts:profile",  # the user's own profile and tokens
    "accounts:token_new",  # creates a token for the user themself
    "accounts:password_change",  # the user's own password
    "accounts:password_done",
    "catalog:list",  # the national SPM catalog, the same for everyone
    "sops:list",  # the SOPs and runs the user may see (their own Pemda's)
    "sops:inbox",  # the user's own tasks
    "reports:inbox",  # the dispatches addressed to the user's own office
    "reports:index",  # redirects to the user's own Pemda's report page
    "reports:archive",  # a search over the documents the user may see; ?region= filters it
    "reports:archive_download",  # the same search as a ZIP
}
# Bantul data made before an allow-listed route is requested, so that it has something to leak.
SEEDS = {
    "home": ("report", "run"),
    "sops:list": ("run",),
    "sops:inbox": ("run",),
    "reports:inbox": ("report",),
    "reports:archive": ("report",),
    "reports:archive_download": ("report",),
}

# Bantul's user who may open a route, when not the koordinator.
INSIDERS = {"approvals:province": "diy_peninjau"}
# Query strings other than QUERY: the province page is about DI Yogyakarta (34), Bantul's
# province, which Kulon Progo's users do not run either; the explanation needs its level.
ROUTE_QUERY = {
    "approvals:province": f"?region=34&year={YEAR}",
    "indexing:explain": f"{QUERY}&level=region",
}

# Path arguments, looked up as "<route>:<kwarg>", then "<namespace>:<kwarg>", then "<kwarg>".
# A string is used as it is; a callable gets the `bantul` objects made on demand (below).
KWARGS: dict[str, Any] = {
    "region": BANTUL,
    "agency": "dinkes",
    "year": YEAR,
    "quarter": 1,
    "service": "K4",
    "figures:code": "K4",
    "organisation:code": BANTUL,
    "reports:code": BANTUL,
    "reports:section": "penutup",
    "sops:code": lambda b: b.sop_code,
    "figures:excel_preview:token": lambda b: b.staged("excel"),
    "figures:prices_preview:token": lambda b: b.staged("prices"),
    "accounts:user_id": lambda b: b.user("bantul.dinkes.operator").pk,
    "accounts:token_id": lambda b: b.token,
    "organisation:agency_id": lambda b: b.agency_id,
    "recipients:pk": lambda b: b.import_job,
    "sops:run:pk": lambda b: b.run.pk,
    "sops:compliance:pk": lambda b: b.run.pk,
    "sops:task_start:pk": lambda b: b.task.pk,
    "sops:task_complete:pk": lambda b: b.task.pk,
    "sops:task_return:pk": lambda b: b.task.pk,
    "sops:task_output:pk": lambda b: b.task.pk,
    "sops:holiday_delete:pk": lambda b: b.holiday,
    "sops:actor_delete:pk": lambda b: b.assignment,
    "reports:document_id": lambda b: b.report["document"],
    "reports:job_id": lambda b: b.report["job"],
    "reports:dispatch_id": lambda b: b.report["dispatch"],
}


# --- the routes ----------------------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(route name, path with <kwargs>) for every pattern under the resolver; an unnamed
    pattern goes by its path, so it is not skipped either."""
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route, p.namespace or namespace)
        elif isinstance(p, URLPattern):
            name = p.name or route
            yield (f"{namespace}:{name}" if namespace else name), route


def _routes() -> list[tuple[str, str]]:
    return [
        (name, route)
        for name, route in _walk(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES) and name not in SKIPPED_NAMES
    ]


ROUTES = _routes()
KWARG = re.compile(r"<(?:\w+:)?(\w+)>")


def _fill(name: str, route: str, bantul: "BantulObjects") -> str:
    namespace = name.split(":")[0] if ":" in name else ""

    def value(match: re.Match[str]) -> str:
        kwarg = match.group(1)
        for key in (f"{name}:{kwarg}", f"{namespace}:{kwarg}", kwarg):
            if key in KWARGS:
                found = KWARGS[key]
                return str(found(bantul) if callable(found) else found)
        pytest.fail(f"{name} ({route}): no Bantul value for <{kwarg}>; add it to KWARGS")

    return "/" + KWARG.sub(value, route)


# --- Bantul's objects, made through the real services when a route needs them --------------


class BantulObjects:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.region = Region.objects.get(code=BANTUL)
        self.koordinator = self.user("bantul.koordinator")
        self._cache: dict[str, Any] = {}

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def _once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def sop_code(self) -> str:
        from tuntas.sops.models import Sop

        return str(
            Sop.objects.filter(region=self.region)
            .order_by("code")
            .values_list("code", flat=True)[0]
        )

    @property
    def agency_id(self) -> int:
        from tuntas.organisation.models import Agency

        return Agency.objects.get(region=self.region, code="dinkes").pk

    @property
    def token(self) -> int:
        return self._once(
            "token", lambda: token_create(actor=self.koordinator, name="bantul")[0].pk
        )

    @property
    def run(self) -> Any:
        def make() -> Any:
            from tuntas.sops.models import Sop
            from tuntas.sops.services import run_start

            sop = Sop.objects.get(code=self.sop_code)
            return run_start(actor=self.koordinator, sop=sop, year=YEAR)

        return self._once("run", make)

    @property
    def task(self) -> Any:
        """The run's first task, done, with its output document."""

        def make() -> Any:
            from tuntas.sops.services import task_complete, task_start

            first = self.run.tasks.get(activity=1, occurrence=1)
            task_start(actor=self.koordinator, task=first)
            pdf = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 isi", "application/pdf")
            return task_complete(actor=self.koordinator, task=first, output=pdf)

        return self._once("task", make)

    def staged(self, kind: str) -> str:
        """The token of an Excel template the koordinator downloaded and uploaded again."""

        def make() -> str:
            client = Client()
            client.force_login(self.koordinator)
            page = (
                f"/penerapan/excel/{BANTUL}/dinkes/isi/{QUERY}"
                if kind == "excel"
                else f"/penerapan/ssh/{QUERY}"
            )
            template = client.get(
                page.replace("/isi/", "/templat/").replace("ssh/", "ssh/templat/")
            )
            assert template.status_code == 200, template.status_code
            upload = SimpleUploadedFile(f"{kind}.xlsx", template.content)
            response = client.post(page, {"file": upload})
            assert response.status_code == 302, response.status_code
            return str(response["Location"].split("?")[0].rstrip("/").rsplit("/", 1)[-1])

        return str(self._once(kind, make))

    @property
    def holiday(self) -> int:
        from tuntas.sops.services import holiday_add

        return self._once(
            "holiday",
            lambda: (
                holiday_add(
                    actor=self.koordinator,
                    region=self.region,
                    date=dt.date(YEAR, 7, 7),
                    name="Libur",
                ).pk
            ),
        )

    @property
    def assignment(self) -> int:
        from tuntas.sops.models import ActorAssignment

        return ActorAssignment.objects.filter(region=self.region).order_by("pk")[0].pk

    @property
    def import_job(self) -> int:
        def make() -> int:
            from tuntas.recipients.models import ImportJob
            from tuntas.recipients.sample import sample_header, sample_rows, write_csv
            from tuntas.regions.models import Village

            villages = list(
                Village.objects.filter(district__regency_id=BANTUL)
                .order_by("code")
                .values_list("code", "district_id")
            )
            path = self.tmp_path / "k4.csv"
            write_csv(
                path, sample_header(()), sample_rows(villages=villages, year=YEAR, n=3, seed=1)
            )
            call_command(
                "recipients", "import", str(path), "--region", BANTUL, "--year", str(YEAR),
                "--service", "K4", "--as", "bantul.dinkes.operator",
            )  # fmt: skip
            return ImportJob.objects.filter(region=self.region).latest("pk").pk

        return self._once("import_job", make)

    @property
    def report(self) -> dict[str, int]:
        def make() -> dict[str, int]:
            from tuntas.reports.services import dispatch_send, report_job_start

            job = report_job_start(
                actor=self.koordinator, region=self.region, year=YEAR, kind="annual_pdf"
            )
            job.refresh_from_db()
            assert job.document is not None, job.error
            [dispatch] = dispatch_send(
                actor=self.koordinator,
                region=self.region,
                year=YEAR,
                documents=[job.document],
                destinations=["provinsi"],
            )
            return {"document": job.document.pk, "job": job.pk, "dispatch": dispatch.pk}

        return self._once("report", make)


@pytest.fixture
def bantul(settings: Any, tmp_path: Path) -> BantulObjects:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return BantulObjects(tmp_path)


def _no_bantul_data(response: Any, what: str) -> None:
    body = response.content.decode(errors="replace")
    if response.get("Content-Type") == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
            body = "\n".join(
                [*zf.namelist(), *(zf.read(n).decode(errors="replace") for n in zf.namelist())]
            )
    assert f"/{BANTUL}/" not in response.get("Location", ""), f"{what}: sent to Bantul's page"
    for marker in MARKERS:
        assert marker not in body, f"{what}: shows {marker!r}"


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name for name, _ in ROUTES])
def test_page_refuses_outsiders(
    name: str, route: str, bantul: BantulObjects, client_for: Any
) -> None:
    url = _fill(name, route, bantul) + ROUTE_QUERY.get(name, QUERY)
    for seed in SEEDS.get(name, ()):
        getattr(bantul, seed)
    for who in OUTSIDERS:
        client = client_for(who)
        codes = []
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            what = f"{who} {method.upper()} {url}"
            assert response.status_code < 500, what
            _no_bantul_data(response, what)
            codes.append(response.status_code)
        if name not in NOT_PEMDA_SCOPED:
            # 405 (the view takes only the other method) carries no data; the method the view
            # takes must be refused
            assert set(codes) <= {403, 404, 405} and set(codes) != {405}, (who, url, codes)
    # the URL is right (a wrong one would be refused for nothing): Bantul's own user reaches it
    insider = client_for(INSIDERS.get(name, "bantul_koordinator")).get(url)
    assert insider.status_code in (200, 302, 405), (name, url, insider.status_code)
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        what = f"anonymous {method.upper()} {url}"
        if response.status_code == 302:
            assert response["Location"].startswith("/masuk/"), what
        else:
            assert response.status_code in (403, 405), (what, response.status_code)


def test_the_matrix_covers_every_app() -> None:
    """A guard against the walk silently finding nothing (e.g. a renamed include)."""
    namespaces = {name.split(":")[0] for name, _ in ROUTES if ":" in name}
    assert namespaces >= {
        "accounts", "approvals", "catalog", "figures", "indexing", "organisation",
        "recipients", "reports", "sops",
    }  # fmt: skip
    assert set(NOT_PEMDA_SCOPED) <= {name for name, _ in ROUTES}


def test_bantul_sees_its_own_markers(bantul: BantulObjects, client_for: Any) -> None:
    """The markers are real: the same pages show them to Bantul's own koordinator."""
    client = client_for("bantul_koordinator")
    for url in (f"/organisasi/?region={BANTUL}", f"/sop/{bantul.sop_code}/"):
        assert MARKERS[0] in client.get(url).content.decode(), url
    assert MARKERS[1] in client.get("/akun/pengguna/").content.decode()


# --- the API -------------------------------------------------------------------------------

# Endpoints that answer with the caller's own things or shared reference data: the outsider
# gets a 200, whose body must hold nothing of Bantul's.
API_OWN_DATA = {
    "/api/v1/me",  # the caller's own account
    "/api/v1/catalog",  # the national SPM catalog
    "/api/v1/regions",  # the Pemda the caller may see
    "/api/v1/sops",  # the SOPs the caller may see
    "/api/v1/tasks/mine",  # the caller's own tasks
    "/api/v1/documents",  # the documents the caller may see; ?region= filters them
    "/api/v1/inbox",  # dispatches addressed to the caller's office
}
# Path parameters of the API, as "<path>:<param>" then "<param>"; query parameters are all sent.
API_PARAMS: dict[str, Any] = {
    "code": BANTUL,
    "region": BANTUL,
    "agency": "dinkes",
    "year": YEAR,
    "/api/v1/sops/{code}:code": lambda b: b.sop_code,
    "run_id": lambda b: b.run.pk,
    "document_id": lambda b: b.report["document"],
    "dispatch_id": lambda b: b.report["dispatch"],
    "/api/v1/recipient-imports/{pk}:pk": lambda b: b.import_job,
}
API_QUERY = f"?region={BANTUL}&year={YEAR}&quarter=1&service=K4"
API_SEEDS = {"/api/v1/tasks/mine": ("run",), "/api/v1/inbox": ("report",)}


def _operations() -> list[tuple[str, str]]:
    from tuntas.api import api

    return [
        (method.upper(), path)
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method in operations
    ]


OPERATIONS = _operations()


def _api_fill(path: str, bantul: BantulObjects) -> str:
    def value(match: re.Match[str]) -> str:
        param = match.group(1)
        for key in (f"{path}:{param}", param):
            if key in API_PARAMS:
                found = API_PARAMS[key]
                return str(found(bantul) if callable(found) else found)
        pytest.fail(f"{path}: no Bantul value for {{{param}}}; add it to API_PARAMS")

    return re.sub(r"\{(\w+)\}", value, path)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_refuses_outsiders(
    method: str, path: str, bantul: BantulObjects, client: Client
) -> None:
    url = _api_fill(path, bantul) + API_QUERY
    for seed in API_SEEDS.get(path, ()):
        getattr(bantul, seed)
    for who in ("kulonprogo.koordinator", "kulonprogo.dinkes.operator"):
        _token, raw = token_create(actor=bantul.user(who), name="matriks")
        response = client.generic(method, url, HTTP_AUTHORIZATION=f"Bearer {raw}")
        what = f"{who} {method} {url}"
        _no_bantul_data(response, what)
        if path in API_OWN_DATA:
            assert response.status_code == 200, (what, response.status_code)
            assert f'"{BANTUL}' not in response.content.decode(), what
        else:
            assert response.status_code in (403, 404), (what, response.status_code)
    assert client.generic(method, url).status_code == 401
    if method == "GET":
        _token, raw = token_create(actor=bantul.koordinator, name="matriks")
        insider = client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert insider.status_code == 200, (url, insider.status_code)
