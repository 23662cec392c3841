"""Checks of a recipient file, a whole column at a time: pure functions over polars frames, no
ORM, so a million rows take about a second instead of the ten that a row-by-row loop in Python
needs (docs/decisions.md).

`validate(frame, rules)` takes the file as `readers.read_table` gives it (text cells `c0`…,
number flags `n0`… for Excel, the sheet row in `row`) and returns the clean rows and the
rejected ones. A row is rejected at its first failing rule, in the order of `_checks`, with the
column, the value as written and an Indonesian reason.
"""

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple

import polars as pl

# The standard headers of the template and of a file imported without a mapping.
CORE_COLUMNS = (
    "nik",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "alamat",
    "kode_desa",
    "tanggal_layanan",
    "sesuai_standar",
)
REQUIRED_COLUMNS = frozenset(
    {"nik", "nama", "jenis_kelamin", "tanggal_lahir", "kode_desa", "sesuai_standar"}
)
# Women's NIK carries the birth day plus 40.
FEMALE_DAY_OFFSET = 40
# Doubles represent every integer up to 2**53 exactly; a larger number typed in Excel may
# already have lost its last digit.
FLOAT_EXACT_LIMIT = 2**53
AS_TEXT = "format kolom NIK sebagai Teks"
NIK_AS_NUMBER = f"NIK tersimpan sebagai angka di Excel dan kehilangan digit; {AS_TEXT}"
DATE_FORMAT = "tanggal harus berformat TTTT-BB-HH atau HH-BB-TTTT"
DATE_AS_NUMBER = "tanggal tersimpan sebagai angka; format kolom sebagai Tanggal atau Teks"
SEX = {"L": "L", "P": "P", "LAKI-LAKI": "L", "PEREMPUAN": "P", "LK": "L", "PR": "P"}
YES = ("ya", "y", "yes", "1", "true", "benar")
NO = ("tidak", "t", "no", "n", "0", "false", "salah")
# Rows checked at once: the writer stores one chunk while the next is checked.
CHUNK_ROWS = 50_000
# The columns of a clean row, in the order the writer stores them.
CLEAN_COLUMNS = (
    "nik",
    "name",
    "sex",
    "birth_date",
    "address",
    "village_code",
    "district_code",
    "served_on",
    "to_standard",
    "extra",
)


@dataclass(frozen=True)
class ExtraField:
    """A service's own column, from data/service_fields.yaml."""

    name: str
    label: str
    type: str  # "int", "bool", "date" or "text"
    required: bool = False
    min: int | None = None
    max: int | None = None

    @property
    def dtype(self) -> pl.DataType:
        return {"int": pl.Int64(), "bool": pl.Boolean()}.get(self.type, pl.String())


@dataclass(frozen=True)
class ImportRules:
    """Everything a file is checked against, loaded once per import."""

    year: int
    district_codes: frozenset[str]
    village_codes: Mapping[str, str]  # village code -> district code
    age_band: Mapping[str, Any] | None = None
    service_sex: str | None = None
    extra_fields: Sequence[ExtraField] = ()
    # column name -> position in the file, after the user's mapping; absent columns left out
    index: Mapping[str, int] = field(default_factory=dict)


class Checked(NamedTuple):
    clean: pl.DataFrame  # CLEAN_COLUMNS, in file order
    rejected: pl.DataFrame  # row, column, value, reason, then the mapped columns as written


class _Check(NamedTuple):
    column: str
    failed: pl.Expr
    reason: pl.Expr | str
    value: pl.Expr | None = None  # the cell as written when None


def _lit(text: str) -> pl.Expr:
    return pl.lit(text, dtype=pl.String)


def _stripped(cell: pl.Expr) -> pl.Expr:
    return cell.str.strip_chars()


def _blank(cell: pl.Expr) -> pl.Expr:
    return cell.is_null() | (_stripped(cell) == "")


def _yes_no(cell: pl.Expr) -> pl.Expr:
    """True, False, or null when the text is neither (Excel's 1.0 / 0.0 count too)."""
    text = _stripped(cell).str.to_lowercase().str.strip_suffix(".0")
    return pl.when(text.is_in(YES)).then(True).when(text.is_in(NO)).then(False)


DATE_SHAPE = r"^(\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[-/]\d{1,2}[-/]\d{4})([ T].*)?$"


def _date(cell: pl.Expr) -> pl.Expr:
    """YYYY-MM-DD or DD-MM-YYYY (also with /); a datetime written as text keeps its date.
    Only meaningful where the cell has DATE_SHAPE (checked before the date is used)."""
    text = _stripped(cell).str.replace_all("/", "-", literal=True)
    day = text.str.splitn(" ", 2).struct.field("field_0").str.splitn("T", 2).struct.field("field_0")
    return (
        pl.when(day.str.contains(r"^\d{4}-"))
        .then(day.str.to_date("%Y-%m-%d", strict=False))
        .otherwise(day.str.to_date("%d-%m-%Y", strict=False))
    )


def _date_checks(
    column: str, cell: pl.Expr, number: pl.Expr, parsed: pl.Expr, *, required: bool
) -> list[_Check]:
    """The reasons a date cell is refused, in order; a blank optional date is no error."""
    given = ~_blank(cell)
    checks = [_Check(column, given & number, DATE_AS_NUMBER)]
    if required:
        checks.insert(0, _Check(column, ~given, "tanggal wajib diisi"))
    checks += [
        _Check(column, given & ~_stripped(cell).str.contains(DATE_SHAPE), DATE_FORMAT),
        _Check(column, given & parsed.is_null(), "tanggal tidak ada di kalender"),
    ]
    return checks


def _nik_text(cell: pl.Expr) -> pl.Expr:
    return _stripped(cell).str.strip_chars_start("'").str.replace_all(" ", "", literal=True)


def _nik_checks(cell: pl.Expr, number: pl.Expr) -> tuple[pl.Expr, list[_Check]]:
    """The NIK as 16 digits of text, and why a cell is not one. A number from Excel is taken
    only when no digit can have been lost: Excel keeps 15 significant digits (so a typed NIK
    ends in 0) and doubles are exact only below 2**53."""
    text = _nik_text(cell)
    sixteen = text.str.contains(r"^\d{16}$")
    integral = text.str.contains(r"^\d+$")
    too_big = (text.str.len_chars() > 16) | (
        sixteen & (text.str.slice(0, 16) >= str(FLOAT_EXACT_LIMIT))
    )
    scientific = text.str.contains(r"[eE]") & text.str.contains(r"\d")
    checks = [
        _Check("nik", number & (~integral | too_big), NIK_AS_NUMBER),
        _Check("nik", number & ~sixteen, "NIK harus 16 angka"),
        _Check("nik", number & text.str.ends_with("0"), NIK_AS_NUMBER),
        _Check("nik", _blank(cell), "NIK wajib diisi"),
        _Check(
            "nik",
            ~sixteen & scientific,
            pl.format("NIK dalam notasi ilmiah ({}) sudah kehilangan digit; " + AS_TEXT, text),
        ),
        _Check("nik", ~sixteen, "NIK harus 16 angka"),
    ]
    return text, checks


def _extra_value(spec: ExtraField, cell: pl.Expr) -> pl.Expr:
    if spec.type == "bool":
        return _yes_no(cell)
    if spec.type == "date":
        return _date(cell)
    if spec.type == "int":
        return _stripped(cell).str.to_integer(strict=False)
    return _stripped(cell)


def _extra_checks(
    spec: ExtraField, cell: pl.Expr, number: pl.Expr, parsed: pl.Expr
) -> list[_Check]:
    given = ~_blank(cell)
    checks = [_Check(spec.name, ~given, "wajib diisi")] if spec.required else []
    if spec.type == "bool":
        checks.append(_Check(spec.name, given & parsed.is_null(), "harus ya atau tidak"))
    elif spec.type == "date":
        checks += _date_checks(spec.name, cell, number, parsed, required=False)
    elif spec.type == "int":
        integer = _stripped(cell).str.contains(r"^[+-]?\d{1,18}$")
        checks.append(_Check(spec.name, given & ~integer, "harus bilangan bulat"))
        if spec.min is not None:
            checks.append(
                _Check(spec.name, parsed < spec.min, f"tidak boleh kurang dari {spec.min}")
            )
        if spec.max is not None:
            checks.append(
                _Check(spec.name, parsed > spec.max, f"tidak boleh lebih dari {spec.max}")
            )
    return checks


def _age(unit: str, born: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Completed years, months or days of age on a date."""
    if unit == "hari":
        return (on - born).dt.total_days()
    months = (
        (on.dt.year() - born.dt.year()) * 12
        + on.dt.month().cast(pl.Int32)
        - born.dt.month().cast(pl.Int32)
        - (on.dt.day() < born.dt.day()).cast(pl.Int32)
    )
    return months if unit == "bulan" else months.floordiv(12)


def _age_checks(band: Mapping[str, Any] | None, born: pl.Expr, on: pl.Expr) -> list[_Check]:
    """Eligibility by the service's age band (both ends inclusive, max null = no upper end)."""
    value = born.dt.to_string("%Y-%m-%d")
    checks = [_Check("tanggal_lahir", on < born, "tanggal lahir sesudah tanggal acuan", value)]
    if band:
        unit, low, high = band["unit"], band["min"], band["max"]
        age = _age(unit, born, on)
        outside = (age < low) | (age > high) if high is not None else age < low
        upper = f"{high}" if high is not None else "ke atas"
        reason = pl.format(
            "usia {} {} pada {} di luar sasaran layanan ({}–{} {})",
            age,
            _lit(unit),
            on.dt.to_string("%d-%m-%Y"),
            _lit(str(low)),
            _lit(upper),
            _lit(unit),
        )
        checks.append(_Check("tanggal_lahir", outside, reason, value))
    return checks


def _first_failure(checks: Sequence[_Check]) -> pl.Expr:
    """The position in `checks` of each row's first failing check, null where none fails."""
    expr: Any = pl
    for i, check in enumerate(checks):
        expr = expr.when(check.failed.fill_null(False)).then(pl.lit(i, dtype=pl.Int16))
    return expr.otherwise(None)


def _explained(checks: Sequence[_Check], cells: Mapping[str, pl.Expr]) -> list[pl.Expr]:
    """Column, value and reason of the failing check `_failed` (run on rejected rows only)."""

    def chain(part: str) -> pl.Expr:
        expr: Any = pl
        for i, check in enumerate(checks):
            if part == "column":
                then: pl.Expr = _lit(check.column)
            elif part == "reason":
                then = check.reason if isinstance(check.reason, pl.Expr) else _lit(check.reason)
            else:
                then = check.value if check.value is not None else cells[check.column]
            expr = expr.when(pl.col("_failed") == i).then(then)
        return expr.otherwise(None).alias(part)

    return [chain("column"), chain("value").fill_null(""), chain("reason")]


def validate_chunks(
    frame: pl.DataFrame, rules: ImportRules, rows: int | None = None
) -> Iterator[Checked]:
    """The file checked `rows` rows at a time, so the writer can store one chunk while the
    next is checked. Rows go in NIK order (then file order): the recipient table's key index
    is then filled page by page instead of at random, twice as fast at a million rows
    (bench/). A NIK accepted in an earlier chunk makes later rows with it duplicates, as in a
    single pass."""
    nik = rules.index.get("nik")
    # The order only, not a sorted copy of the file: each chunk is gathered from it.
    by_nik = [_nik_text(pl.col(f"c{nik}")), "row"] if nik is not None else ["row"]
    order = frame.select(pl.arg_sort_by(by_nik, nulls_last=True)).to_series()
    rows = rows or CHUNK_ROWS
    earlier = pl.DataFrame(schema={"_nik": pl.String, "_earlier": pl.Int64})
    for start in range(0, frame.height, rows):
        checked, accepted = _validate(frame[order.slice(start, rows)], rules, earlier)
        earlier = pl.concat([earlier, accepted])
        yield checked


def validate(frame: pl.DataFrame, rules: ImportRules, rows: int | None = None) -> Checked:
    """Split a file into clean rows and rejected ones (see the module's docstring)."""
    parts = list(validate_chunks(frame, rules, rows))
    if not parts:
        return _validate(frame, rules, pl.DataFrame(schema={"_nik": pl.String}))[0]
    return Checked(
        pl.concat(p.clean for p in parts), pl.concat(p.rejected for p in parts).sort("row")
    )


def _validate(
    frame: pl.DataFrame, rules: ImportRules, earlier: pl.DataFrame
) -> tuple[Checked, pl.DataFrame]:
    """One chunk: its clean and rejected rows, and the NIKs it accepted with their rows."""
    extras = list(rules.extra_fields)
    names = [*CORE_COLUMNS, *(f.name for f in extras)]

    def cell(name: str) -> pl.Expr:
        i = rules.index.get(name)
        return pl.col(f"c{i}") if i is not None else pl.lit(None, dtype=pl.String)

    def number(name: str) -> pl.Expr:
        i = rules.index.get(name)
        flag = f"n{i}"
        return pl.col(flag).fill_null(False) if flag in frame.columns else pl.lit(False)

    cells = {name: cell(name) for name in names}
    year_start, year_end = dt.date(rules.year, 1, 1), dt.date(rules.year, 12, 31)
    villages = pl.DataFrame(
        {"_village": list(rules.village_codes), "_district": list(rules.village_codes.values())},
        schema={"_village": pl.String, "_district": pl.String},
    )
    village_digits = _stripped(cells["kode_desa"]).str.replace_all(".", "", literal=True)
    nik, nik_checks = _nik_checks(cells["nik"], number("nik"))
    work = (
        frame.lazy()
        .with_columns(
            _nik=nik,
            _name=_stripped(cells["nama"]),
            _sex=_stripped(cells["jenis_kelamin"])
            .str.to_uppercase()
            .replace_strict(SEX, default=None),
            _born=_date(cells["tanggal_lahir"]),
            _village=pl.when(village_digits.str.contains(r"^\d{10}$")).then(
                pl.format(
                    "{}.{}.{}.{}",
                    *(village_digits.str.slice(a, n) for a, n in ((0, 2), (2, 2), (4, 2), (6, 4))),
                )
            ),
            _served=_date(cells["tanggal_layanan"]),
            _standard=_yes_no(cells["sesuai_standar"]),
            **{f"_x_{f.name}": _extra_value(f, cells[f.name]) for f in extras},
        )
        .join(villages.lazy(), on="_village", how="left", maintain_order="left")
    )

    served, born, sex = pl.col("_served"), pl.col("_born"), pl.col("_sex")
    nik = pl.col("_nik")
    day = nik.str.slice(6, 2).cast(pl.Int32, strict=False)
    female = sex == "P"
    # Digits 7-12 of the NIK: birth day (plus 40 for women), month, two-digit year.
    nik_birth = pl.format(
        "{}{}",
        (born.dt.day().cast(pl.Int32) + pl.when(female).then(FEMALE_DAY_OFFSET).otherwise(0))
        .cast(pl.String)
        .str.zfill(2),
        born.dt.strftime("%m%y"),
    )
    checks = [
        *nik_checks,
        _Check("nama", pl.col("_name").is_null() | (pl.col("_name") == ""), "nama wajib diisi"),
        _Check("jenis_kelamin", sex.is_null(), "jenis kelamin harus L atau P"),
        *_date_checks(
            "tanggal_lahir", cells["tanggal_lahir"], number("tanggal_lahir"), born, required=True
        ),
        _Check(
            "kode_desa",
            pl.col("_village").is_null(),
            "kode desa harus 10 angka, mis. 34.02.01.2001 atau 3402012001",
        ),
        _Check(
            "kode_desa",
            pl.col("_district").is_null(),
            "kode desa bukan desa/kelurahan di Pemda ini",
        ),
        *_date_checks(
            "tanggal_layanan",
            cells["tanggal_layanan"],
            number("tanggal_layanan"),
            served,
            required=False,
        ),
        _Check(
            "tanggal_layanan",
            (served < year_start) | (served > year_end),
            f"tanggal layanan di luar tahun {rules.year}",
        ),
        _Check("sesuai_standar", pl.col("_standard").is_null(), "harus ya atau tidak"),
        _Check(
            "sesuai_standar",
            pl.col("_standard") & served.is_null(),
            "layanan sesuai standar harus diberi tanggal layanan",
        ),
        *(
            c
            for f in extras
            for c in _extra_checks(f, cells[f.name], number(f.name), pl.col(f"_x_{f.name}"))
        ),
        _Check(
            "nik",
            ~nik.str.slice(0, 6).is_in([c.replace(".", "") for c in rules.district_codes]),
            "kode wilayah NIK (digit 1–6) bukan kecamatan di Pemda ini",
            nik,
        ),
        _Check(
            "nik",
            (day > FEMALE_DAY_OFFSET) != female,
            "jenis kelamin tidak sesuai dengan NIK (tanggal + 40 untuk perempuan)",
            nik,
        ),
        _Check(
            "nik",
            nik.str.slice(6, 6) != nik_birth,
            "tanggal lahir tidak sesuai dengan digit 7–12 NIK",
            nik,
        ),
    ]
    if rules.service_sex:
        checks.append(
            _Check(
                "jenis_kelamin",
                sex != rules.service_sex,
                "jenis kelamin di luar sasaran layanan",
                sex,
            )
        )
    checks += _age_checks(rules.age_band, born, pl.coalesce(served, pl.lit(year_end)))
    # A NIK twice: the first row that passed everything else keeps it, later ones are refused.
    checks.append(
        _Check(
            "nik",
            pl.lit(True),
            pl.format("NIK ganda dalam berkas (sama dengan baris {})", pl.col("_first")),
            pl.col("_nik"),
        )
    )
    failed = pl.col("_failed")
    first = pl.coalesce("_earlier", pl.col("row").filter(failed.is_null()).min().over("_nik"))
    judged = (
        work.with_columns(_failed=_first_failure(checks[:-1]))
        .join(earlier.lazy(), on="_nik", how="left", maintain_order="left")
        .with_columns(_first=first)
        .with_columns(
            _failed=pl.when(failed.is_null() & (pl.col("row") != pl.col("_first")))
            .then(pl.lit(len(checks) - 1, dtype=pl.Int16))
            .otherwise(failed)
        )
        .collect()
    )
    extra = (
        pl.struct(
            [_json_value(f).alias(f.name) for f in sorted(extras, key=attrgetter("name"))]
        ).struct.json_encode()
        if extras
        else _lit("{}")
    )
    clean = judged.filter(failed.is_null()).select(
        nik=pl.col("_nik"),
        name=pl.col("_name"),
        sex=sex,
        birth_date=born,
        address=_stripped(cells["alamat"]).fill_null(""),
        village_code=pl.col("_village"),
        district_code=pl.col("_district"),
        served_on=served,
        to_standard=pl.col("_standard"),
        extra=extra,
    )
    mapped = [n for n in names if n in rules.index]
    rejected = judged.filter(failed.is_not_null()).select(
        "row", *_explained(checks, cells), *(cells[n].fill_null("").alias(n) for n in mapped)
    )
    accepted = judged.filter(failed.is_null()).select("_nik", _earlier=pl.col("row"))
    return Checked(clean, rejected), accepted


def _json_value(spec: ExtraField) -> pl.Expr:
    value = pl.col(f"_x_{spec.name}")
    return value.dt.to_string("%Y-%m-%d") if spec.type == "date" else value


def rejection_list(rejected: pl.DataFrame) -> list[list[Any]]:
    """The rejected rows as stored on the job, in file order:
    [row, column, value, reason, {column: cell}]."""
    rejected = rejected.sort("row")
    columns = rejected.columns[4:]
    return [
        [r[0], r[1], r[2], r[3], dict(zip(columns, r[4:], strict=True))]
        for r in rejected.iter_rows()
    ]
