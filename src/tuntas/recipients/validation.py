"""Per-row checks of a recipient file: pure functions, no ORM, fast enough for millions of rows.

Each parser returns the clean value or raises `RowError` with an Indonesian reason. The import
service builds one `RowValidator` per file (with the Pemda's district and village codes loaded
once) and calls it for every row.
"""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

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
# Doubles represent every integer up to 2**53 exactly.
FLOAT_EXACT_LIMIT = 2**53
AS_TEXT = "format kolom NIK sebagai Teks"
NIK_AS_NUMBER = f"NIK tersimpan sebagai angka di Excel dan kehilangan digit; {AS_TEXT}"


class RowError(ValueError):
    """A value that cannot be accepted; the message is shown to the user."""


def parse_nik(value: Any) -> str:
    """A 16-digit NIK as text. Numbers are accepted only when no digit can have been lost:
    Excel keeps 15 significant digits (a typed NIK ends in 0) and doubles are exact only below
    2**53, so a numeric NIK ending in 0, a non-integral one or a larger one is rejected."""
    if isinstance(value, bool):
        raise RowError("NIK harus 16 angka")
    if isinstance(value, float):
        if not value.is_integer() or value >= FLOAT_EXACT_LIMIT:
            raise RowError(NIK_AS_NUMBER)
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        if len(text) != 16:
            raise RowError("NIK harus 16 angka")
        if text[-1] == "0":
            raise RowError(NIK_AS_NUMBER)
        return text
    text = str(value).strip().lstrip("'").replace(" ", "")
    if len(text) == 16 and text.isdigit():
        return text
    if "e" in text.lower() and any(c.isdigit() for c in text):
        raise RowError(f"NIK dalam notasi ilmiah ({text}) sudah kehilangan digit; {AS_TEXT}")
    if not text:
        raise RowError("NIK wajib diisi")
    raise RowError("NIK harus 16 angka")


_DATE_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_DATE_DMY = re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$")


@lru_cache(maxsize=65536)
def _parse_date_text(text: str) -> dt.date:
    m = _DATE_ISO.match(text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DATE_DMY.match(text)
        if not m:
            raise RowError("tanggal harus berformat TTTT-BB-HH atau HH-BB-TTTT")
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return dt.date(y, mo, d)
    except ValueError as exc:
        raise RowError("tanggal tidak ada di kalender") from exc


@lru_cache(maxsize=65536)
def _parse_date_str(value: str) -> dt.date:
    text = value.strip()
    if not text:
        raise RowError("tanggal wajib diisi")
    # A datetime written as text ("2026-03-01 00:00:00") keeps only its date.
    return _parse_date_text(text.split(" ", 1)[0].split("T", 1)[0])


def parse_date(value: Any) -> dt.date:
    """YYYY-MM-DD, DD-MM-YYYY (also with /), or a date cell read from Excel."""
    if type(value) is str:  # the common case first: CSV cells
        return _parse_date_str(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise RowError("tanggal tersimpan sebagai angka; format kolom sebagai Tanggal atau Teks")
    return _parse_date_str("" if value is None else str(value))


_SEX = {"L": "L", "P": "P", "LAKI-LAKI": "L", "PEREMPUAN": "P", "LK": "L", "PR": "P"}


def parse_sex(value: Any) -> str:
    sex = _SEX.get(value) if type(value) is str else None
    if sex is None:
        sex = _SEX.get(str(value).strip().upper())
    if sex is None:
        raise RowError("jenis kelamin harus L atau P")
    return sex


_YES = frozenset({"ya", "y", "yes", "1", "true", "benar"})
_NO = frozenset({"tidak", "t", "no", "n", "0", "false", "salah"})


_YES_NO_FAST = {"ya": True, "tidak": False}


def parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    fast = _YES_NO_FAST.get(value) if type(value) is str else None
    if fast is not None:
        return fast
    text = str(value).strip().lower()
    if text.endswith(".0"):  # Excel numbers 1.0 / 0.0
        text = text[:-2]
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise RowError("harus ya atau tidak")


@lru_cache(maxsize=16384)
def _normalise_village_text(text: str) -> str:
    digits = text.replace(".", "")
    if not digits.isdigit() or len(digits) != 10:
        raise RowError("kode desa harus 10 angka, mis. 34.02.01.2001 atau 3402012001")
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}"


def normalise_village_code(value: Any) -> str:
    """Kemendagri village code with or without dots, to the dotted form 34.02.01.2001."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _normalise_village_text(str(value).strip())


def age_in(unit: str, born: dt.date, on: dt.date) -> int:
    """Completed years, months or days of age on a date."""
    if unit == "hari":
        return (on - born).days
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    return months if unit == "bulan" else months // 12


def check_age(band: Mapping[str, Any] | None, born: dt.date, on: dt.date) -> None:
    """Eligibility by the service's age band (both ends inclusive, max null = no upper end)."""
    if on < born:
        raise RowError("tanggal lahir sesudah tanggal acuan")
    if not band:
        return
    age = age_in(band["unit"], born, on)
    low, high = band["min"], band["max"]
    if age < low or (high is not None and age > high):
        upper = f"{high}" if high is not None else "ke atas"
        raise RowError(
            f"usia {age} {band['unit']} pada {on:%d-%m-%Y} di luar sasaran layanan "
            f"({low}–{upper} {band['unit']})"
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

    def parse(self, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise RowError("wajib diisi")
            return None
        if self.type == "bool":
            return parse_yes_no(value)
        if self.type == "date":
            return parse_date(value).isoformat()
        if self.type == "int":
            try:
                number = int(float(value)) if isinstance(value, float) else int(str(value).strip())
            except ValueError as exc:
                raise RowError("harus bilangan bulat") from exc
            if self.min is not None and number < self.min:
                raise RowError(f"tidak boleh kurang dari {self.min}")
            if self.max is not None and number > self.max:
                raise RowError(f"tidak boleh lebih dari {self.max}")
            return number
        return str(value).strip()


class CleanRow(NamedTuple):
    nik: str
    name: str
    sex: str
    birth_date: dt.date
    address: str
    village_code: str
    district_code: str
    served_on: dt.date | None
    to_standard: bool
    extra: dict[str, Any]


class Rejection(NamedTuple):
    row: int  # as the user sees it in the sheet: header is row 1
    column: str
    value: str
    reason: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class RowValidator:
    """Everything a row is checked against, loaded once per import."""

    year: int
    district_codes: frozenset[str]
    village_codes: Mapping[str, str]  # village code -> district code
    age_band: Mapping[str, Any] | None = None
    service_sex: str | None = None
    extra_fields: Sequence[ExtraField] = ()
    # column name -> position in the row, after the user's mapping; absent columns are left out
    index: Mapping[str, int] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.year_end = dt.date(self.year, 12, 31)
        self.year_start = dt.date(self.year, 1, 1)
        self.district_digits = frozenset(c.replace(".", "") for c in self.district_codes)
        # Rows are padded so every mapped position exists; absent columns read the last None.
        self._pad = [None] * (max(self.index.values(), default=0) + 2)
        self._at = {name: self.index.get(name, -1) for name in CORE_COLUMNS}
        self._extra_at = [(f, self.index.get(f.name, -1)) for f in self.extra_fields]

    def __call__(self, row_no: int, cells: Sequence[Any]) -> CleanRow | Rejection:
        row = [*cells, *self._pad]
        at = self._at
        column = "nik"
        raw: Any = None
        try:
            raw = row[at["nik"]]
            nik = raw if type(raw) is str and len(raw) == 16 and raw.isdigit() else parse_nik(raw)
            column = "nama"
            raw = row[at["nama"]]
            name = _text(raw).strip()
            if not name:
                raise RowError("nama wajib diisi")
            column = "jenis_kelamin"
            raw = row[at["jenis_kelamin"]]
            sex = parse_sex(raw)
            column = "tanggal_lahir"
            raw = row[at["tanggal_lahir"]]
            born = parse_date(raw)
            column = "kode_desa"
            raw = row[at["kode_desa"]]
            village = normalise_village_code(raw)
            district = self.village_codes.get(village)
            if district is None:
                raise RowError("kode desa bukan desa/kelurahan di Pemda ini")
            column = "tanggal_layanan"
            raw = row[at["tanggal_layanan"]]
            served_on = None if raw is None or raw == "" else parse_date(raw)
            if served_on is not None and not self.year_start <= served_on <= self.year_end:
                raise RowError(f"tanggal layanan di luar tahun {self.year}")
            column = "sesuai_standar"
            raw = row[at["sesuai_standar"]]
            to_standard = parse_yes_no(raw)
            if to_standard and served_on is None:
                raise RowError("layanan sesuai standar harus diberi tanggal layanan")
            extra = {}
            for spec, i in self._extra_at:
                column = spec.name
                raw = row[i]
                extra[spec.name] = spec.parse(raw)
            column = "nik"
            raw = nik
            if nik[:6] not in self.district_digits:
                raise RowError("kode wilayah NIK (digit 1–6) bukan kecamatan di Pemda ini")
            day = int(nik[6:8])
            if (day > FEMALE_DAY_OFFSET) != (sex == "P"):
                raise RowError(
                    "jenis kelamin tidak sesuai dengan NIK (tanggal + 40 untuk perempuan)"
                )
            if sex == "P":
                day -= FEMALE_DAY_OFFSET
            if (day, int(nik[8:10]), int(nik[10:12])) != (born.day, born.month, born.year % 100):
                raise RowError("tanggal lahir tidak sesuai dengan digit 7–12 NIK")
            column = "jenis_kelamin"
            raw = sex
            if self.service_sex and sex != self.service_sex:
                raise RowError("jenis kelamin di luar sasaran layanan")
            column = "tanggal_lahir"
            raw = born
            check_age(self.age_band, born, served_on or self.year_end)
            column = "nik"
            raw = nik
            first = self.seen.get(nik)
            if first is not None:
                raise RowError(f"NIK ganda dalam berkas (sama dengan baris {first})")
            self.seen[nik] = row_no
        except RowError as exc:
            shown = raw.isoformat() if isinstance(raw, dt.date) else _text(raw)
            return Rejection(row_no, column, shown, str(exc))
        return CleanRow(
            nik,
            name,
            sex,
            born,
            _text(row[at["alamat"]]).strip(),
            village,
            district,
            served_on,
            to_standard,
            extra,
        )
