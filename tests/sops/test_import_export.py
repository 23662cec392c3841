"""SOP files in and out through the CLI: import (any Pemda's SOP, no code change), versions,
export, list; bad files rejected with the file, activity and field named, nothing stored."""

import json
import tempfile
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from tuntas.accounts.models import User
from tuntas.sops.models import Sop, SopVersion
from tuntas.sops.services import sop_save

from .helpers import BABEL, BANTUL, start

pytestmark = pytest.mark.django_db
THIRD = Path(__file__).parent / "data" / "kulonprogo-pelaporan-spm.yaml"


def _sop(*args: str) -> str:
    out = StringIO()
    call_command("sop", *args, stdout=out)
    return out.getvalue()


def test_list_json_has_both_seed_sops() -> None:
    rows = {r["code"]: r for r in json.loads(_sop("list", "--format", "json"))}
    assert rows[BABEL]["activities"] == 15 and rows[BABEL]["region"] == "19"
    assert rows[BANTUL]["activities"] == 13 and rows[BANTUL]["region"] == "34.02"
    assert rows[BANTUL]["name"] == "Penyusunan Laporan SPM"


def test_list_is_scoped_with_as() -> None:
    rows = json.loads(_sop("list", "--format", "json", "--as", "bantul.dinkes.operator"))
    assert [r["code"] for r in rows] == [BANTUL]


def test_third_pemda_sop_imports_and_runs(outsider: User) -> None:
    assert "versi 1 tersimpan" in _sop("import", str(THIRD))
    sop = Sop.objects.get(code="kulonprogo-pelaporan-spm")
    assert sop.region_id == "34.01"
    run = start(outsider, code=sop.code)
    assert run.tasks.count() == 3 + 4
    assert run.tasks.get(activity=1).status == "siap"


def test_importing_the_same_file_again_makes_no_version() -> None:
    _sop("import", str(THIRD))
    _sop("import", str(THIRD))
    assert SopVersion.objects.filter(sop__code="kulonprogo-pelaporan-spm").count() == 1


def test_an_edit_is_a_new_version_and_runs_keep_theirs(bantul_koordinator: User) -> None:
    run = start(bantul_koordinator)
    text = _sop("export", BANTUL)
    assert text.startswith("# SOP Bagian Tata Pemerintahan")  # comments kept
    edited = text.replace("standard_time: 1 hari\n", "standard_time: 2 hari\n", 1)
    version = sop_save(actor=bantul_koordinator, text=edited, source="ubah.yaml")
    assert version.number == 2
    run.refresh_from_db()
    assert run.sop_version.number == 1
    assert "standard_time: 2 hari" in _sop("export", BANTUL)
    assert "standard_time: 1 hari\n" in _sop("export", BANTUL, "--sop-version", "1")


def test_outsider_cannot_overwrite_another_pemdas_sop(outsider: User) -> None:
    text = _sop("export", BANTUL)
    with pytest.raises(CommandError, match="tidak berwenang"):
        call_command("sop", "import", "--as", "kulonprogo.koordinator", str(_write(text)))
    assert SopVersion.objects.filter(sop__code=BANTUL).count() == 1


def _write(text: str, name: str = "bantul-04-sop-2022-penyusunan-laporan-spm.yaml") -> Path:
    path = Path(tempfile.mkdtemp()) / name
    path.write_text(text, encoding="utf-8")
    return path


def _broken(change: str) -> Path:
    data = yaml.safe_load(THIRD.read_text(encoding="utf-8"))
    activities = data["procedure"]["sections"][0]["activities"]
    if change == "missing actor":
        del activities[1]["actor"]
    elif change == "unknown actor":
        activities[1]["actor"] = "BUPATI"
    elif change == "unknown unit":
        activities[2]["standard_time"] = "3 windu"
    elif change == "duplicate number":
        activities[3]["number"] = 3
    return _write(yaml.safe_dump(data, allow_unicode=True), "kulonprogo-pelaporan-spm.yaml")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("missing actor", "aktivitas 2: procedure.sections[0].activities[1].actor: wajib diisi"),
        (
            "unknown actor",
            "aktivitas 2: procedure.sections[0].activities[1].actor: pelaku 'BUPATI'",
        ),
        (
            "unknown unit",
            "aktivitas 3: procedure.sections[0].activities[2].standard_time: "
            "Waktu standar '3 windu' tidak dapat dibaca",
        ),
        (
            "duplicate number",
            "aktivitas 3: procedure.sections[0].activities[3].number: nomor aktivitas 3 ganda",
        ),
    ],
)
def test_bad_files_are_rejected_naming_file_activity_field(change: str, expected: str) -> None:
    path = _broken(change)
    with pytest.raises(CommandError) as info:
        _sop("import", str(path))
    assert f"{path}: {expected}" in str(info.value)
    assert not Sop.objects.filter(code="kulonprogo-pelaporan-spm").exists()


def test_file_without_a_pemda_needs_region() -> None:
    data = yaml.safe_load(THIRD.read_text(encoding="utf-8"))
    del data["identity"]["region_code"]
    path = _write(yaml.safe_dump(data, allow_unicode=True), "kulonprogo-pelaporan-spm.yaml")
    with pytest.raises(CommandError, match="pilih Pemda pemilik SOP ini"):
        _sop("import", str(path))
    assert "tersimpan" in _sop("import", str(path), "--region", "34.01")
    assert Sop.objects.get(code="kulonprogo-pelaporan-spm").region_id == "34.01"
