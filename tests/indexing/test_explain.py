"""The explanation: steps a page and a PDF can both render, numbers in the reader's format."""

import json

from django.utils import translation

from tuntas.catalog.index_rules import IndexRules
from tuntas.indexing.compute import QualityInput, ServiceInput, aggregate, service_index

K4 = ServiceInput(
    "K4",
    "kesehatan",
    1250,
    1180,
    [
        QualityInput("B1", 10, 8),
        QualityInput("S1", 4, 6),
        QualityInput("T1", None, None),
        QualityInput("B2", 5, None),
    ],
)


def test_service_steps_in_indonesian(rules: IndexRules) -> None:
    # Penerima 1.180 / 1.250 = 94,4 %; mutu (80 + 100 + 0) / 3 = 60;
    # indeks 0,8 × 94,4 + 0,2 × 60 = 75,52 + 12 = 87,52.
    with translation.override("id"):
        texts = [step.text for step in service_index(rules, K4).explain]
    assert texts == [
        "Penerima = min(100; 1.180 / 1.250 × 100) = 94,40",
        "Mutu B1 = min(1; 8 / 10) × 100 = 80,00",
        "Mutu S1 = min(1; 6 / 4) × 100 = 100,00",
        "Mutu T1: kebutuhan tidak ditetapkan, tidak dihitung",
        "Mutu B2 = min(1; 0 / 5) × 100 (ketersediaan belum diisi) = 0,00",
        "Mutu = (80,00 + 100,00 + 0,00) / 3 = 60,00",
        "Indeks = 0,8 × 94,40 + 0,2 × 60,00 = 87,52",
    ]


def test_numbers_follow_the_active_language(rules: IndexRules) -> None:
    recipients = service_index(rules, K4).explain[0]
    with translation.override("en"):
        assert recipients.formula == "min(100; 1,180 / 1,250 × 100)"


def test_steps_as_data(rules: IndexRules) -> None:
    with translation.override("id"):
        index_step = service_index(rules, K4).explain[-1].as_dict()
    assert json.loads(json.dumps(index_step)) == {
        "key": "index",
        "subject": "K4",
        "label": "Indeks",
        "formula": "0,8 × 94,40 + 0,2 × 60,00",
        "text": "Indeks = 0,8 × 94,40 + 0,2 × 60,00 = 87,52",
        "numbers": {
            "recipients_weight": 0.8,
            "recipients_pct": 94.4,
            "quality_weight": 0.2,
            "quality_pct": 60.0,
        },
        "result": 87.52,
    }


def test_without_mutu_the_index_is_the_recipients_share(rules: IndexRules) -> None:
    with translation.override("id"):
        texts = [s.text for s in service_index(rules, ServiceInput("K4", "x", 4, 3)).explain]
    assert texts[1:] == [
        "Mutu: tidak ada butir mutu yang dihitung, bobotnya ke penerima",
        "Indeks = 75,00 (penerima saja) = 75,00",
    ]


def test_region_steps(rules: IndexRules) -> None:
    full = [QualityInput("B1", 1, 1)]
    services = [
        ServiceInput("P1", "pendidikan", 100, 100, full),  # 100
        ServiceInput("P2", "pendidikan", 100, 50, full),  # 60
        ServiceInput("K1", "kesehatan", 3, 1, full),  # 0,8 × 33,333… + 20 = 46,666…
        ServiceInput("S1", "sosial", None, None),
    ]
    with translation.override("id"):
        texts = [step.text for step in aggregate(rules, services).explain]
    # (80 + 46,666…) / 2 = 63,333…
    assert texts == [
        "Bidang pendidikan = (100,00 + 60,00) / 2 = 80,00",
        "Bidang kesehatan = (46,67) / 1 = 46,67",
        "Bidang sosial: tidak ada yang dihitung",
        "Indeks Pemda = (80,00 + 46,67) / 2 = 63,33",
    ]
