"""The stored index: recomputed after a save commits, read by the CLI in the pure shape."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tuntas.catalog.selectors import index_rules_for_year
from tuntas.figures.services import FigureChange, figures_save, window_set
from tuntas.indexing.compute import QualityInput, ServiceInput, aggregate
from tuntas.indexing.models import IndexResult
from tuntas.indexing.services import index_recompute
from tuntas.organisation.models import Agency
from tuntas.regions.models import Region

pytestmark = pytest.mark.django_db
YEAR = 2026  # the demo's figures: Bantul Dinkes K4-K6, quarters 1-3


def cli(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("index", *args, stdout=out)
    return json.loads(out.getvalue())


def test_cli_prints_the_demo_index_in_the_documented_shape() -> None:
    data = cli("--region", "34.02", "--year", str(YEAR), "--quarter", "3", "--format", "json")
    assert set(data) == {"index", "category", "sectors", "services"}
    k4 = data["services"]["K4"]
    # K4 Q3: served 8.120 of 11.200 = 72,50; mutu: Vaksin Td 8.000/11.200, Buku KIA
    # 8.120/11.200, three goods with a norm but nothing delivered (0): (71,43 + 72,5) / 5.
    assert k4["recipients_pct"] == 72.5
    assert k4["quality_pct"] == pytest.approx(28.79, abs=0.005)
    assert k4["index"] == pytest.approx(0.8 * 72.5 + 0.2 * 28.785714, abs=0.005)
    assert k4["category"] == "Tuntas Muda"  # 63,76
    assert data["services"]["K1"] == {
        "index": None,
        "category": None,
        "recipients_pct": None,
        "quality_pct": None,
    }
    assert data["sectors"]["kesehatan"]["index"] is not None
    assert data["sectors"]["pendidikan"] == {"index": None, "category": None}
    # Only kesehatan has figures, so the Pemda's index is that sector's.
    assert data["index"] == data["sectors"]["kesehatan"]["index"]


def test_stored_rows_match_the_pure_computation_of_the_same_inputs() -> None:
    region = Region.objects.get(code="34.02")
    index_recompute(region=region, year=YEAR, quarter=1)
    rules = index_rules_for_year(YEAR)
    k5 = IndexResult.objects.get(region=region, year=YEAR, quarter=1, level="service", code="K5")
    # K5 Q1: served 2.540 of 10.700; no delivery reported for its three normed goods.
    expected = aggregate(
        rules,
        [
            ServiceInput(
                "K5",
                "kesehatan",
                10700,
                2540,
                tuple(QualityInput(c, 10700, None) for c in ("K5-B01", "K5-B02", "K5-B03")),
            )
        ],
    ).services["K5"]
    assert k5.index == expected.index_shown
    assert k5.category == expected.category


def test_a_save_recomputes_only_after_commit(
    bantul_operator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    region = Region.objects.get(code="34.02")
    dinkes = Agency.objects.get(region=region, code="dinkes")
    index_recompute(region=region, year=2025)
    before = IndexResult.objects.get(
        region=region, year=2025, quarter=4, level="service", code="K6"
    )
    assert before.index is None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = figures_save(
            actor=bantul_operator,
            region=region,
            year=2025,
            agency=dinkes,
            changes=[FigureChange("K6", None, "target", "", 1000)],
        )
        assert result.ok, result.errors
        stale = IndexResult.objects.get(pk=before.pk)
        assert stale.index is None  # nothing recomputed inside the transaction
    assert len(callbacks) == 1
    rows = IndexResult.objects.filter(region=region, year=2025, level="service", code="K6")
    assert rows.count() == 4  # a yearly figure recomputes all four quarters
    assert all(r.index is None for r in rows)  # a target but nothing served yet: still no index
    assert rows.get(quarter=4).explain["target"] == "1000"


def test_a_quarter_figure_recomputes_that_quarter_only(
    bantul_operator: Any, bantul_koordinator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    region = Region.objects.get(code="34.02")
    dinkes = Agency.objects.get(region=region, code="dinkes")
    soon = timezone.localdate() + dt.timedelta(days=30)
    window_set(actor=bantul_koordinator, region=region, year=YEAR, quarter=3, closes_on=soon)
    index_recompute(region=region, year=YEAR)
    stamps = dict(
        IndexResult.objects.filter(region=region, year=YEAR, level="region").values_list(
            "quarter", "computed_at"
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = figures_save(
            actor=bantul_operator,
            region=region,
            year=YEAR,
            agency=dinkes,
            changes=[FigureChange("K6", 3, "served", "", 10600)],
        )
    assert result.ok, result.errors
    after = IndexResult.objects.filter(region=region, year=YEAR, level="region")
    changed = {r.quarter for r in after if r.computed_at != stamps[r.quarter]}
    assert changed == {3}
    k6 = IndexResult.objects.get(region=region, year=YEAR, quarter=3, level="service", code="K6")
    assert k6.recipients_pct == 100


def test_a_new_rule_year_recomputes_that_year_and_leaves_stored_older_years_alone() -> None:
    from tuntas.catalog.models import IndexRuleSet

    region = Region.objects.get(code="34.02")
    index_recompute(region=region, year=2025)
    index_recompute(region=region, year=YEAR)
    old_2025 = list(IndexResult.objects.filter(region=region, year=2025).values_list("index"))
    before = IndexResult.objects.get(region=region, year=YEAR, quarter=3, code="K4")
    rules = IndexRuleSet.objects.get(valid_from=2019).rules
    IndexRuleSet.objects.create(
        valid_from=YEAR,
        title="Aturan uji",
        rules={**rules, "weights": {"recipients": 0.5, "quality": 0.5}},
    )
    index_recompute(region=region, year=YEAR)
    after = IndexResult.objects.get(region=region, year=YEAR, quarter=3, code="K4")
    # K4 Q3: recipients 72,50, mutu 28,79: 0,8/0,2 gave 63,76; 0,5/0,5 gives 50,64.
    assert before.index == Decimal("63.76")
    assert after.index == Decimal("50.64") and after.category == "Belum Tuntas"
    index_recompute(region=region, year=2025)
    assert list(IndexResult.objects.filter(region=region, year=2025).values_list("index")) == (
        old_2025
    )


def test_cli_as_an_outsider_is_refused() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak ditemukan"):
        cli("--region", "34.02", "--year", "2026", "--format", "json", "--as", "jateng.peninjau")
    args = ("--region", "34.02", "--year", "2026", "--quarter", "3", "--format", "json")
    assert cli(*args, "--as", "diy.peninjau")["services"]["K4"]["index"] is not None
    # The demo has no fourth-quarter figures yet: the year's index has nothing to count.
    assert cli("--region", "34.02", "--year", "2026", "--format", "json")["index"] is None


def test_services_and_sectors_come_in_the_regulation_order() -> None:
    data = cli("--region", "34.02", "--year", str(YEAR), "--quarter", "3", "--format", "json")
    assert list(data["services"])[:11] == [f"K{n}" for n in range(1, 12)]
    assert list(data["sectors"])[:2] == ["pendidikan", "kesehatan"]
