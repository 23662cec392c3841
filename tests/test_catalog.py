"""The SPM catalog and index rules: shipped content, year versioning, bad files."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from tuntas.catalog.loaders import DATA_DIR, catalog_load
from tuntas.catalog.models import ServiceType
from tuntas.catalog.selectors import (
    NoCatalogForYear,
    edition_for_year,
    index_rules_for_year,
    services_for_year,
)
from tuntas.core.reference import ReferenceDataError

pytestmark = pytest.mark.django_db


def test_cli_lists_43_services_14_province_29_regency(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("catalog", "--year", "2026", "--format", "json")
    services = json.loads(capsys.readouterr().out)
    assert len(services) == 43
    assert sum(s["level"] == "provinsi" for s in services) == 14
    assert sum(s["level"] == "kabkota" for s in services) == 29
    k4 = next(s for s in services if s["code"] == "K4")
    assert k4["sector"] == "kesehatan"
    assert k4["name"] == "Pelayanan Kesehatan Ibu Hamil"
    assert {s["sector"] for s in services} == {
        "pendidikan",
        "kesehatan",
        "pekerjaan_umum",
        "perumahan_rakyat",
        "trantibumlinmas",
        "sosial",
    }


def test_age_bands_and_parameters_are_data() -> None:
    services = {s.code: s for s in services_for_year(2026)}
    assert services["K1"].age == {"unit": "tahun", "min": 5, "max": 6}
    assert services["K7"].age == {"unit": "bulan", "min": 0, "max": 59}
    assert services["K4"].parameters["kunjungan_antenatal_minimal"] == 6
    assert services["K16"].parameters["liter_per_orang_per_hari"] == 60
    assert services["K23"].age is None


def test_every_service_has_goods_personnel_and_procedure() -> None:
    for service in services_for_year(2026, with_items=True):
        kinds = {q.kind for q in service.quality_items.all()}
        assert kinds == {"barang_jasa", "sdm", "tata_cara"}, service.code


def _new_edition(tmp_path: Path, year: int, rename: str) -> Path:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "index-rules").mkdir()
    data = yaml.safe_load((DATA_DIR / "catalog" / "2024.yaml").read_text())
    data["edition"] = year
    data["title"] = f"Katalog SPM edisi {year}"
    data["services"][0]["name"] = rename
    (tmp_path / "catalog" / f"{year}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    rules = yaml.safe_load((DATA_DIR / "index-rules" / "2019.yaml").read_text())
    rules.update(valid_from=year, title=f"Aturan {year}", zero_target_policy="full")
    (tmp_path / "index-rules" / f"{year}.yaml").write_text(yaml.safe_dump(rules))
    return tmp_path


def test_later_edition_leaves_earlier_years_alone(tmp_path: Path) -> None:
    first = services_for_year(2026).first()
    assert first is not None
    old_name = first.name
    catalog_load(directory=_new_edition(tmp_path, 2027, "Layanan Baru 2027"))
    assert services_for_year(2026).get(code=first.code).name == old_name
    assert services_for_year(2027).get(code=first.code).name == "Layanan Baru 2027"
    assert index_rules_for_year(2026).zero_target_policy == "exclude"
    assert index_rules_for_year(2027).zero_target_policy == "full"
    assert edition_for_year(2030).valid_from == 2027


def test_year_before_any_edition_is_a_clear_error() -> None:
    with pytest.raises(
        NoCatalogForYear, match="Tidak ada katalog SPM yang berlaku untuk tahun 2010"
    ):
        edition_for_year(2010)


def test_bad_catalog_names_the_fault_and_writes_nothing(tmp_path: Path) -> None:
    folder = _new_edition(tmp_path, 2028, "Tidak Boleh Masuk")
    path = folder / "catalog" / "2028.yaml"
    data = yaml.safe_load(path.read_text())
    data["services"][3]["sector"] = "pertanian"
    data["services"][5]["quality_items"][0]["kind"] = "alat"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ReferenceDataError) as caught:
        catalog_load(directory=folder)
    message = str(caught.value)
    assert "2028.yaml" in message
    assert "services.5.quality_items.0.kind" in message
    assert not ServiceType.objects.filter(edition__valid_from=2028).exists()


def test_unknown_sector_is_named(tmp_path: Path) -> None:
    folder = _new_edition(tmp_path, 2029, "x")
    path = folder / "catalog" / "2029.yaml"
    data = yaml.safe_load(path.read_text())
    data["services"][3]["sector"] = "pertanian"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(ReferenceDataError, match="bidang 'pertanian' tidak dikenal"):
        catalog_load(directory=folder)


def test_bad_rules_weights_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "index-rules").mkdir()
    rules = yaml.safe_load((DATA_DIR / "index-rules" / "2019.yaml").read_text())
    rules.update(valid_from=2031, weights={"recipients": 0.8, "quality": 0.3})
    (tmp_path / "index-rules" / "2031.yaml").write_text(yaml.safe_dump(rules))
    with pytest.raises(ReferenceDataError, match="jumlah bobot harus 1"):
        catalog_load(directory=tmp_path)


def test_loading_twice_skips_unchanged_files() -> None:
    result = catalog_load()
    assert result.loaded == []
    assert "catalog/2024.yaml" in result.skipped


@pytest.mark.parametrize(
    ("index", "category"),
    [
        ("100", "Tuntas Paripurna"),
        ("99.99", "Tuntas Utama"),
        ("90", "Tuntas Utama"),
        ("89.99", "Tuntas Madya"),
        ("80", "Tuntas Madya"),
        ("79.99", "Tuntas Pratama"),
        ("70", "Tuntas Pratama"),
        ("69.99", "Tuntas Muda"),
        ("60", "Tuntas Muda"),
        ("59.99", "Belum Tuntas"),
        ("0", "Belum Tuntas"),
    ],
)
def test_category_bands_of_2026(index: str, category: str) -> None:
    assert index_rules_for_year(2026).category_for(Decimal(index)) == category


def test_weights_of_2026() -> None:
    rules = index_rules_for_year(2026)
    assert (rules.recipients_weight, rules.quality_weight) == (Decimal("0.8"), Decimal("0.2"))
