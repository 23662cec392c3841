"""Browser tests drive Debian's chromium (browser downloads are blocked on these machines)."""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import load_world

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; Django's ORM guard would refuse
# the fixtures' queries although they run outside that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("TUNTAS_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"chromium not found at {CHROMIUM}")
    skip = pytest.mark.skip(reason="Debian chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def world(transactional_db: Any, live_server: Any) -> Iterator[Any]:
    """A live server over the reference data and demo; a transactional test empties the
    database afterwards, so each browser test loads the world it needs."""
    load_world()
    yield live_server


def sign_in(page: Any, url: str, username: str) -> None:
    """Sign in as a demo user from a clean browser, and wait for the home page."""
    from playwright.sync_api import expect

    page.context.clear_cookies()
    page.goto(f"{url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill("tuntas-demo-2026")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
