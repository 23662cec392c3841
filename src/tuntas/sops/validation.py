"""Validate SOP files: JSON Schema for the shape, then the checks a schema cannot express.

Every problem names the file, the activity number (when the problem sits in an activity) and the
field path, in Indonesian, so that whoever edits the YAML can find and fix it without reading code.
"""

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from .standard_time import StandardTimeError, parse_standard_time

__all__ = [
    "DATA_DIR",
    "SCHEMA_PATH",
    "SopFileError",
    "SopProblem",
    "bundled_sop_files",
    "load_sop_file",
    "load_sop_text",
    "validate_sop_document",
]

SCHEMA_PATH = Path(__file__).with_name("schema.json")
DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True)
class SopProblem:
    source: str
    activity: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = [self.source]
        if self.activity is not None:
            where.append(f"aktivitas {self.activity}")
        if self.field:
            where.append(self.field)
        return f"{': '.join(where)}: {self.message}"


class SopFileError(Exception):
    """An SOP file that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[SopProblem]) -> None:
        self.problems = list(problems)
        source = self.problems[0].source if self.problems else "?"
        lines = [f"Berkas SOP {source} tidak valid ({len(self.problems)} masalah):"]
        lines += [f"- {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


def bundled_sop_files() -> list[Path]:
    """The SOP files shipped with Tuntas (the seed SOPs), in name order."""
    return sorted(DATA_DIR.glob("*.yaml"))


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def validate_sop_document(data: dict[str, Any], source: str) -> list[SopProblem]:
    """All problems of one SOP document (already parsed from YAML); empty when it is valid."""
    problems: list[SopProblem] = []
    for error in _validator().iter_errors(data):
        problems.extend(_schema_problems(error, data, source))
    # A stable order by field path (indexes numerically), whatever way the validator walked.
    problems.sort(key=lambda problem: _path_key(problem.field))
    problems.extend(_semantic_problems(data, source))
    # `required` and `additionalProperties` errors can repeat per property; keep the first.
    return list(dict.fromkeys(problems))


def load_sop_file(path: str | Path) -> dict[str, Any]:
    """Read and validate one SOP YAML file; raise SopFileError listing every problem.

    The file name is the SOP's key in a folder of SOPs, so it must agree with the code inside.
    """
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SopFileError(
            [SopProblem(source, None, "", f"berkas tidak dapat dibaca: {exc}")]
        ) from exc
    return load_sop_text(text, source, expected_code=path.stem)


def load_sop_text(text: str, source: str, expected_code: str | None = None) -> dict[str, Any]:
    """Parse and validate SOP YAML text (an upload, a textarea); raise SopFileError."""
    try:
        data = yaml.load(text, Loader=_SopLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise SopFileError([SopProblem(source, None, "", f"YAML tidak valid: {exc}")]) from exc
    if not isinstance(data, dict):
        message = "isi berkas harus berupa pemetaan dengan kunci 'identity' dan 'procedure'"
        raise SopFileError([SopProblem(source, None, "", message)])
    problems = validate_sop_document(data, source)
    identity = data.get("identity")
    code = identity.get("code") if isinstance(identity, dict) else None
    if expected_code is not None and isinstance(code, str) and code != expected_code:
        message = f"kode SOP '{code}' harus sama dengan nama berkas '{expected_code}'"
        problems.append(SopProblem(source, None, "identity.code", message))
    if problems:
        raise SopFileError(problems)
    return data


class _SopLoader(yaml.SafeLoader):
    """SafeLoader for hand-written SOP files.

    Dates stay text, because the schema checks ISO date strings and an unquoted 2022-01-03
    would otherwise arrive as a date object; only true/false are booleans (YAML 1.1 would turn an
    output written as "no" or "on" into a boolean); a key written twice in one mapping is an
    error instead of silently keeping the last value.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool | None):
                continue  # unhashable keys are reported by SafeLoader itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "saat membaca pemetaan",
                    node.start_mark,
                    f"kunci '{key}' ditulis dua kali",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_SopLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SopLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


# --- schema errors -------------------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TYPE_NAMES = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "angka",
    "array": "daftar",
    "object": "pemetaan (kunci: nilai)",
    "boolean": "true atau false",
}


def _schema_problems(error: ValidationError, data: dict[str, Any], source: str) -> list[SopProblem]:
    path = list(error.absolute_path)
    activity = _activity_number(data, path)
    instance = error.instance
    value: Any = error.validator_value
    if error.validator == "required" and isinstance(instance, dict):
        missing = [name for name in value if name not in instance]
        return [
            SopProblem(source, activity, _field_path([*path, name]), "wajib diisi")
            for name in missing
        ]
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        schema: Any = error.schema
        allowed = set(schema.get("properties", {}))
        return [
            SopProblem(source, activity, _field_path([*path, name]), "kolom tidak dikenal")
            for name in instance
            if name not in allowed
        ]
    if error.validator == "format" and not _ISO_DATE.fullmatch(str(instance)):
        return []  # the pattern error already says how to write the date
    return [SopProblem(source, activity, _field_path(path), _schema_message(error))]


def _schema_message(error: ValidationError) -> str:
    value: Any = error.validator_value
    shown = repr(error.instance)
    match error.validator:
        case "type":
            names = [value] if isinstance(value, str) else list(value)
            expected = " atau ".join(_TYPE_NAMES.get(name, name) for name in names)
            if error.instance is None:
                return f"tidak boleh kosong; isi dengan {expected}"
            return f"harus berupa {expected}, bukan {error.instance!r}"
        case "minLength":
            return "tidak boleh kosong"
        case "pattern" if value == "\\S":
            return "tidak boleh kosong"
        case "pattern" if "[0-9]{4}-[0-9]{2}-[0-9]{2}" in value:
            return f"tanggal harus ditulis TTTT-BB-HH, misalnya 2022-01-03, bukan {shown}"
        case "pattern" if value == "^[A-Z][A-Z0-9_]*$":
            return f"kode pelaku hanya huruf besar, angka, atau _ (misalnya TIM_SPM), bukan {shown}"
        case "pattern" if value.startswith("^[a-z0-9]+"):
            return f"kode SOP harus huruf kecil, angka, dan tanda hubung, bukan {error.instance!r}"
        case "pattern":
            return f"format tidak sesuai ({value}): {error.instance!r}"
        case "format":
            return f"bukan tanggal yang ada: {error.instance!r}"
        case "minItems":
            return f"paling sedikit {value} butir"
        case "minimum":
            return f"paling kecil {value}, bukan {error.instance!r}"
    return f"tidak sesuai skema ({error.validator}): {error.message}"


# --- semantic checks -------------------------------------------------------------------------


def _semantic_problems(data: dict[str, Any], source: str) -> list[SopProblem]:
    procedure = data.get("procedure")
    if not isinstance(procedure, dict):
        return []
    problems: list[SopProblem] = []
    actor_codes = _unique_codes(procedure, "actors", "kode pelaku", source, problems)
    _unique_codes(procedure, "sections", "kode bagian", source, problems)

    numbers: dict[int, str] = {}
    previous: int | None = None
    activities = list(_activities(procedure))
    for path, activity in activities:
        number = activity.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        where = _field_path([*path, "number"])
        if number in numbers:
            message = f"nomor aktivitas {number} ganda (sudah dipakai di {numbers[number]})"
            problems.append(SopProblem(source, number, where, message))
        elif previous is not None and number < previous:
            message = f"nomor aktivitas harus urut naik: {number} sesudah {previous}"
            problems.append(SopProblem(source, number, where, message))
        numbers.setdefault(number, where)
        previous = number if previous is None else max(previous, number)

    for path, activity in activities:
        number = activity.get("number")
        number = number if isinstance(number, int) and not isinstance(number, bool) else None
        actor = activity.get("actor")
        if isinstance(actor, str) and actor_codes is not None and actor not in actor_codes:
            known = ", ".join(sorted(actor_codes)) or "-"
            message = f"pelaku '{actor}' tidak ada di procedure.actors (yang ada: {known})"
            problems.append(SopProblem(source, number, _field_path([*path, "actor"]), message))
        time = activity.get("standard_time")
        if isinstance(time, str) and time.strip():
            try:
                parse_standard_time(time)
            except StandardTimeError as exc:
                field = _field_path([*path, "standard_time"])
                problems.append(SopProblem(source, number, field, str(exc)))
        decision = activity.get("decision")
        target = decision.get("no_goes_to") if isinstance(decision, dict) else None
        if isinstance(target, int) and not isinstance(target, bool):
            field = _field_path([*path, "decision", "no_goes_to"])
            if target == number:
                message = "aktivitas keputusan tidak boleh kembali ke dirinya sendiri"
                problems.append(SopProblem(source, number, field, message))
            elif target not in numbers:
                message = f"aktivitas tujuan {target} tidak ada di SOP ini"
                problems.append(SopProblem(source, number, field, message))
    return problems


def _unique_codes(
    procedure: dict[str, Any], key: str, label: str, source: str, problems: list[SopProblem]
) -> set[str] | None:
    """Codes of procedure[key] items, reporting duplicates; None when the list is unusable."""
    items = procedure.get(key)
    if not isinstance(items, list):
        return None
    codes: set[str] = set()
    for index, item in enumerate(items):
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str):
            continue
        if code in codes:
            field = _field_path(["procedure", key, index, "code"])
            problems.append(SopProblem(source, None, field, f"{label} '{code}' ganda"))
        codes.add(code)
    return codes


def _activities(procedure: dict[str, Any]) -> Iterator[tuple[list[str | int], dict[str, Any]]]:
    sections = procedure.get("sections")
    if not isinstance(sections, list):
        return
    for s_index, section in enumerate(sections):
        activities = section.get("activities") if isinstance(section, dict) else None
        if not isinstance(activities, list):
            continue
        for a_index, activity in enumerate(activities):
            if isinstance(activity, dict):
                yield ["procedure", "sections", s_index, "activities", a_index], activity


def _activity_number(data: Any, path: list[str | int]) -> int | None:
    """The number of the activity a schema error sits in, if the path goes through one."""
    node = data
    number: int | None = None
    for index, key in enumerate(path):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return number
        if index >= 1 and path[index - 1] == "activities" and isinstance(node, dict):
            candidate = node.get("number")
            ok = isinstance(candidate, int) and not isinstance(candidate, bool)
            number = candidate if ok else None
    return number


def _path_key(field: str) -> list[tuple[int, int | str]]:
    parts = re.findall(r"[^.\[\]]+", field)
    return [(0, int(part)) if part.isdigit() else (1, part) for part in parts]


def _field_path(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(akar)"
