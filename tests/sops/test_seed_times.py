"""Every standard time of both seed SOPs, read to the minimum and maximum the SOP states."""

from decimal import Decimal

import pytest

from tuntas.sops.schedule import activities
from tuntas.sops.standard_time import TimeUnit
from tuntas.sops.validation import DATA_DIR, load_sop_file

M, H, HK, W, B = (
    TimeUnit.MENIT,
    TimeUnit.HARI,
    TimeUnit.HARI_KERJA,
    TimeUnit.MINGGU,
    TimeUnit.BULAN,
)

# activity number -> (min, max, unit) of each alternative, as the SOP scans state them.
Times = dict[int, list[tuple[int, int, TimeUnit]]]
BABEL: Times = {
    1: [(1, 1, H)],
    2: [(2, 2, W)],
    3: [(1, 1, H)],
    4: [(1, 1, W)],
    5: [(1, 1, B)],
    6: [(12, 12, B)],
    7: [(3, 3, B)],
    8: [(2, 2, B)],
    9: [(3, 3, W)],
    10: [(1, 1, B)],
    11: [(1, 1, W)],
    12: [(1, 1, B)],
    13: [(1, 1, B)],
    14: [(1, 1, W)],
    15: [(1, 1, H)],
}
BANTUL: Times = {
    1: [(30, 30, M), (1, 2, H)],
    2: [(30, 45, M)],
    3: [(1, 1, H)],
    4: [(5, 5, HK)],
    5: [(5, 10, HK)],
    6: [(1, 1, HK)],
    7: [(5, 5, B)],
    8: [(5, 10, HK)],
    9: [(5, 10, HK)],
    10: [(2, 3, HK)],
    11: [(5, 7, HK)],
    12: [(1, 2, HK)],
    13: [(10, 15, M)],
}


@pytest.mark.parametrize(
    ("name", "expected", "periodic"),
    [
        ("babel-pelaksanaan-pelaporan-spm", BABEL, {6, 7}),
        ("bantul-04-sop-2022-penyusunan-laporan-spm", BANTUL, set()),
    ],
)
def test_each_activity_time(name: str, expected: Times, periodic: set[int]) -> None:
    items = activities(load_sop_file(DATA_DIR / f"{name}.yaml"))
    read = {
        a.number: [(a_.min_amount, a_.max_amount, a_.unit) for a_ in a.time.alternatives]
        for a in items
    }
    assert read == {
        number: [(Decimal(lo), Decimal(hi), unit) for lo, hi, unit in alternatives]
        for number, alternatives in expected.items()
    }
    assert {a.number for a in items if a.periodic} == periodic


def test_the_travel_alternative_keeps_its_qualifier() -> None:
    items = activities(load_sop_file(DATA_DIR / "bantul-04-sop-2022-penyusunan-laporan-spm.yaml"))
    assert items[0].time.alternatives[1].qualifier == "perjalanan dinas"
