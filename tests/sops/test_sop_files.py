import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tuntas.sops.standard_time import TimeUnit, parse_standard_time
from tuntas.sops.validation import (
    DATA_DIR,
    SCHEMA_PATH,
    SopFileError,
    SopProblem,
    bundled_sop_files,
    load_sop_file,
    validate_sop_document,
)

BABEL = DATA_DIR / "babel-pelaksanaan-pelaporan-spm.yaml"
BANTUL = DATA_DIR / "bantul-04-sop-2022-penyusunan-laporan-spm.yaml"


def activities(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for section in data["procedure"]["sections"] for a in section["activities"]]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_both_seed_files_are_bundled_and_valid() -> None:
    assert bundled_sop_files() == sorted([BABEL, BANTUL])
    for path in bundled_sop_files():
        data = load_sop_file(path)
        assert data["identity"]["code"] == path.stem


def test_bangka_belitung_seed() -> None:
    data = load_sop_file(BABEL)
    sections = data["procedure"]["sections"]
    assert [len(s["activities"]) for s in sections] == [8, 7]
    assert [a["number"] for a in activities(data)] == list(range(1, 16))
    assert [a["name"] for a in data["procedure"]["actors"]] == [
        "Sekda",
        "Asisten Pemerintahan dan Kesra",
        "Biro Pemerintahan",
        "Tim Penerapan SPM",
        "OPD terkait",
    ]
    identity = data["identity"]
    assert identity["equipment"] == ["ATK", "Komputer dan Printer"]
    assert len(identity["legal_basis"]) == 3
    assert len(identity["warnings"]) == 2
    by_number = {a["number"]: a for a in activities(data)}
    assert by_number[3]["standard_time"] == "1 hari"  # OCR "Libuian"
    periodic = {n for n, a in by_number.items() if parse_standard_time(a["standard_time"]).periodic}
    assert periodic == {6, 7}
    assert {n for n, a in by_number.items() if a.get("periodic")} == periodic
    for activity in by_number.values():
        assert activity["inputs"], activity["number"]


def test_bantul_seed() -> None:
    data = load_sop_file(BANTUL)
    identity = data["identity"]
    assert identity["number"] == "04/SOP/2022"
    # The loader keeps unquoted YAML dates as ISO text.
    assert identity["dates"] == {"made": "2022-01-03", "revised": "2022-01-03"}
    assert identity["approved_by"]["name"] == "Drs. Kurniantara, M.Si."
    steps = activities(data)
    assert [a["number"] for a in steps] == list(range(1, 14))
    assert all(a.get("qualification") for a in steps)
    first = parse_standard_time(steps[0]["standard_time"])
    assert [a.qualifier for a in first.alternatives] == [None, "perjalanan dinas"]
    assert parse_standard_time(steps[4]["standard_time"]).max_duration() == (
        10,
        TimeUnit.HARI_KERJA,
    )
    decisions = {a["number"]: a["decision"]["no_goes_to"] for a in steps if "decision" in a}
    assert decisions == {8: 7, 10: 9}


@pytest.mark.parametrize("path", [BABEL, BANTUL], ids=lambda p: p.stem)
def test_every_seed_time_parses(path: Path) -> None:
    for activity in activities(load_sop_file(path)):
        parse_standard_time(activity["standard_time"])


# --- broken files ----------------------------------------------------------------------------

BROKEN = """\
identity:
  code: rusak
  name: SOP rusak
  unit: Bagian Tata Pemerintahan
  organisation: Sekretariat Daerah Kabupaten Contoh
  approved_by:
    title: Kepala Bagian
  legal_basis: []
procedure:
  actors:
    - code: KABAG
      name: Kepala Bagian
  sections:
    - code: "1"
      title: Prosedur
      activities:
        - number: 1
          description: Menyusun draf.
          actor: KABAG
          standard_time: 1 hari
        - number: 2
          description: Memeriksa draf.
          actor: SEKDA
          standard_time: 2 bilan
"""


def test_broken_file_names_file_activity_and_field(tmp_path: Path) -> None:
    path = tmp_path / "rusak.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(SopFileError) as caught:
        load_sop_file(path)
    problems = caught.value.problems
    assert problems == [
        SopProblem(
            str(path),
            2,
            "procedure.sections[0].activities[1].actor",
            "pelaku 'SEKDA' tidak ada di procedure.actors (yang ada: KABAG)",
        ),
        SopProblem(
            str(path),
            2,
            "procedure.sections[0].activities[1].standard_time",
            problems[1].message,
        ),
    ]
    assert "'2 bilan'" in problems[1].message
    assert "satuan waktu tidak dikenal" in problems[1].message
    message = str(caught.value)
    assert f"Berkas SOP {path} tidak valid (2 masalah)" in message
    assert f"{path}: aktivitas 2: procedure.sections[0].activities[1].actor: pelaku" in message


def test_file_name_must_match_code(tmp_path: Path) -> None:
    path = tmp_path / "lain.yaml"
    path.write_text(BROKEN.replace("actor: SEKDA", "actor: KABAG").replace("2 bilan", "2 bulan"))
    with pytest.raises(SopFileError) as caught:
        load_sop_file(path)
    assert [(p.field, p.activity) for p in caught.value.problems] == [("identity.code", None)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("identity: [\n", "YAML tidak valid"),
        ("- a\n- b\n", "harus berupa pemetaan"),
        ("identity: {}\nidentity: {}\n", "ditulis dua kali"),
    ],
)
def test_unreadable_yaml_is_one_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rusak.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SopFileError) as caught:
        load_sop_file(path)
    (problem,) = caught.value.problems
    assert (problem.source, problem.activity, problem.field) == (str(path), None, "")
    assert message in problem.message


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(SopFileError, match="tidak dapat dibaca"):
        load_sop_file(tmp_path / "tidak-ada.yaml")


@pytest.fixture
def bantul() -> dict[str, Any]:
    return copy.deepcopy(load_sop_file(BANTUL))


def problems_of(data: dict[str, Any]) -> list[tuple[int | None, str, str]]:
    return [(p.activity, p.field, p.message) for p in validate_sop_document(data, "x.yaml")]


def step(data: dict[str, Any], index: int) -> dict[str, Any]:
    activity: dict[str, Any] = data["procedure"]["sections"][0]["activities"][index]
    return activity


ACT = "procedure.sections[0].activities"


def test_valid_document_has_no_problems(bantul: dict[str, Any]) -> None:
    assert validate_sop_document(bantul, "x.yaml") == []


def test_schema_problems_are_in_indonesian_with_paths(bantul: dict[str, Any]) -> None:
    del step(bantul, 2)["description"]
    step(bantul, 3)["unknown"] = 1
    step(bantul, 4)["periodic"] = "ya"
    step(bantul, 5)["standard_time"] = ""
    bantul["identity"]["dates"]["made"] = "3 Januari 2022"
    bantul["identity"]["dates"]["revised"] = "2022-02-30"
    del bantul["identity"]["name"]
    assert problems_of(bantul) == [
        (
            None,
            "identity.dates.made",
            "tanggal harus ditulis TTTT-BB-HH, misalnya 2022-01-03, bukan '3 Januari 2022'",
        ),
        (None, "identity.dates.revised", "bukan tanggal yang ada: '2022-02-30'"),
        (None, "identity.name", "wajib diisi"),
        (3, f"{ACT}[2].description", "wajib diisi"),
        (4, f"{ACT}[3].unknown", "kolom tidak dikenal"),
        (5, f"{ACT}[4].periodic", "harus berupa true atau false, bukan 'ya'"),
        (6, f"{ACT}[5].standard_time", "tidak boleh kosong"),
    ]


def test_numbers_must_be_unique_and_in_order(bantul: dict[str, Any]) -> None:
    step(bantul, 1)["number"] = 1
    step(bantul, 5)["number"] = 4
    assert problems_of(bantul) == [
        (1, f"{ACT}[1].number", f"nomor aktivitas 1 ganda (sudah dipakai di {ACT}[0].number)"),
        (4, f"{ACT}[5].number", f"nomor aktivitas 4 ganda (sudah dipakai di {ACT}[3].number)"),
    ]
    bantul = copy.deepcopy(load_sop_file(BANTUL))
    step(bantul, 3)["number"] = 20
    assert problems_of(bantul)[0] == (
        5,
        f"{ACT}[4].number",
        "nomor aktivitas harus urut naik: 5 sesudah 20",
    )


def test_decision_targets_must_exist(bantul: dict[str, Any]) -> None:
    step(bantul, 7)["decision"]["no_goes_to"] = 99
    step(bantul, 9)["decision"]["no_goes_to"] = 10
    assert problems_of(bantul) == [
        (8, f"{ACT}[7].decision.no_goes_to", "aktivitas tujuan 99 tidak ada di SOP ini"),
        (
            10,
            f"{ACT}[9].decision.no_goes_to",
            "aktivitas keputusan tidak boleh kembali ke dirinya sendiri",
        ),
    ]


def test_duplicate_actor_codes(bantul: dict[str, Any]) -> None:
    bantul["procedure"]["actors"].append({"code": "KABAG", "name": "Kabag lagi"})
    assert problems_of(bantul) == [(None, "procedure.actors[5].code", "kode pelaku 'KABAG' ganda")]


def test_wrong_shapes_do_not_crash_the_semantic_checks(bantul: dict[str, Any]) -> None:
    bantul["procedure"]["sections"][0]["activities"] = "bukan daftar"
    bantul["procedure"]["actors"] = None
    found = problems_of(bantul)
    assert (None, "procedure.actors", "tidak boleh kosong; isi dengan daftar") in found
    assert any(f == "procedure.sections[0].activities" for _, f, _ in found)
    assert validate_sop_document({}, "x.yaml") == [
        SopProblem("x.yaml", None, "identity", "wajib diisi"),
        SopProblem("x.yaml", None, "procedure", "wajib diisi"),
    ]


def test_problem_str() -> None:
    assert str(SopProblem("a.yaml", 3, "f", "m")) == "a.yaml: aktivitas 3: f: m"
    assert str(SopProblem("a.yaml", None, "", "m")) == "a.yaml: m"
