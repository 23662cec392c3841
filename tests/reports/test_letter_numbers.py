"""Letter numbers follow the Pemda's pattern and never repeat, even when sends run at once."""

import threading
from typing import Any

import pytest
from django.db import connection, connections

from tuntas.accounts.models import User
from tuntas.regions.models import Region
from tuntas.reports.services import letter_number_allocate, numbering_set


@pytest.mark.django_db
def test_numbers_follow_the_pattern_per_year(bantul_koordinator: Any) -> None:
    bantul = Region.objects.get(code="34.02")
    first = letter_number_allocate(actor=bantul_koordinator, region=bantul, year=2026)
    second = letter_number_allocate(actor=bantul_koordinator, region=bantul, year=2026)
    other_year = letter_number_allocate(actor=bantul_koordinator, region=bantul, year=2027)
    assert (first, second, other_year) == (
        "400.10/1/Tapem/2026",
        "400.10/2/Tapem/2026",
        "400.10/1/Tapem/2027",
    )


@pytest.mark.django_db
def test_pattern_needs_seq_and_cannot_reach_objects(bantul_koordinator: Any) -> None:
    from django.core.exceptions import ValidationError

    bantul = Region.objects.get(code="34.02")
    with pytest.raises(ValidationError, match=r"\{seq\}"):
        numbering_set(actor=bantul_koordinator, region=bantul, pattern="400/Tapem")
    numbering_set(actor=bantul_koordinator, region=bantul, pattern="{seq}/{year.__class__}")
    number = letter_number_allocate(actor=bantul_koordinator, region=bantul, year=2026)
    assert number == "1/{year.__class__}"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's test database is in memory and shared by threads; IMMEDIATE transactions "
    "serialise its writers anyway. Run with DATABASE_URL=postgres://... to test row locks.",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_never_repeat_a_number() -> None:
    from tests.conftest import load_world

    load_world()
    actor = User.objects.get(username="bantul.koordinator")
    bantul = Region.objects.get(code="34.02")
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def send() -> None:
        try:
            start.wait()
            for _ in range(5):
                numbers.append(letter_number_allocate(actor=actor, region=bantul, year=2026))
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(numbers) == 40
    assert sorted(numbers, key=lambda n: int(n.split("/")[1])) == [
        f"400.10/{i}/Tapem/2026" for i in range(1, 41)
    ]
