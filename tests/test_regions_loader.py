"""The region loader: the shipped files load fully, a bad file names its fault and loads nothing."""

import shutil
from pathlib import Path

import pytest

from tuntas.core.reference import ReferenceDataError
from tuntas.regions.loaders import DEFAULT_DIR, FILES, regions_load
from tuntas.regions.models import District, Region, Village

pytestmark = pytest.mark.django_db


def test_shipped_files_hold_every_pemda() -> None:
    assert Region.objects.filter(level="provinsi").count() == 38
    assert Region.objects.filter(level="kabkota").count() == 514
    assert Region.objects.get(code="34.02").name == "Kabupaten Bantul"
    assert Region.objects.get(code="19").name == "Kepulauan Bangka Belitung"
    assert District.objects.filter(regency_id="34.02").count() == 17
    assert Village.objects.filter(district__regency_id="34.02").count() == 75


def test_unchanged_files_are_skipped() -> None:
    assert regions_load().skipped is True


def _copy(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(DEFAULT_DIR / name, tmp_path / name)
    return tmp_path


def test_bad_village_row_names_file_row_and_column_and_loads_nothing(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    with (folder / "provinces.csv").open("a") as fh:
        fh.write("99,Provinsi Percobaan\n")
    with (folder / "villages.csv").open("a") as fh:
        fh.write("34.02.01.20X1,34.02.01,Desa Salah Kode\n")
    with pytest.raises(ReferenceDataError) as caught:
        regions_load(directory=folder)
    problem = caught.value.problems[0]
    assert problem.file == "villages.csv"
    assert problem.row == 83764
    assert problem.column == "code"
    assert "baris 83764, kolom code" in str(caught.value)
    assert not Region.objects.filter(code="99").exists()


def test_unknown_parent_is_rejected(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    with (folder / "districts.csv").open("a") as fh:
        fh.write("34.99.01,34.99,Kecamatan Tanpa Induk\n")
    with pytest.raises(ReferenceDataError) as caught:
        regions_load(directory=folder)
    assert "induk '34.99' tidak dikenal" in str(caught.value)
    assert not District.objects.filter(code="34.99.01").exists()


def test_renamed_village_is_updated_in_place(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "villages.csv"
    text = path.read_text().replace("34.02.01.2001,34.02.01,", "34.02.01.2001,34.02.01,Baru ", 1)
    path.write_text(text)
    before = Village.objects.count()
    regions_load(directory=folder)
    assert Village.objects.count() == before
    assert Village.objects.get(code="34.02.01.2001").name.startswith("Baru ")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match=r"provinces\.csv: berkas tidak ditemukan"):
        regions_load(directory=tmp_path)
