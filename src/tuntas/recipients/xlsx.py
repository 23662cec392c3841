"""Streaming XLSX reader for the recipient import.

python-calamine and fastexcel load a whole sheet in memory (about 1 GB for a million rows) and
per-cell parsing in Python is too slow for ten million cells. So the sheet XML is inflated in
chunks cut at a ``</row>``, every chunk is split into one string per cell and parsed with
polars string expressions (Rust, vectorised), and each chunk becomes a small frame. Two
threads parse chunks while the calling thread inflates the next ones.

Per cell, one anchored regex recognises the shapes Excel and XlsxWriter write
(``<c r="B7" s="1" t="s"><v>3</v></c>``, inline strings, empty cells); any other cell (other
attribute order, formulas, rich text, missing ``r``) goes through slower, general expressions.
The shared-strings table is read the same way, only as far as the cells need it.
"""

import posixpath
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

import polars as pl
from xlsxwriter.utility import xl_col_to_name

from .readers import FileUnreadable

# A chunk of inflated XML; big enough that polars' per-call overhead vanishes, small enough
# that a few in flight stay far below the memory budget.
CHUNK_BYTES = 8 << 20
# A preview starts small and grows, so that ten rows of a huge sheet cost milliseconds.
PREVIEW_CHUNK_BYTES = 256 << 10
# Threads parsing chunks while the calling thread inflates the next ones (zlib and polars
# release the GIL); more than the two cores we have would only hold more chunks in memory.
WORKERS = 2

# Built-in number formats that show a date or a time (ECMA-376 part 1, 18.8.30).
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_EXCEL_MAX_SERIAL = 2958466  # 10000-01-01 in the 1900 system; later serials are not dates
_UNIX_EPOCH_1900 = 25569  # serial of 1970-01-01 in the 1900 system
_UNIX_EPOCH_1904 = 24107  # in the 1904 system

_ENTITIES = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def read_xlsx(path: Path, *, rows: int | None = None) -> tuple[list[str], pl.DataFrame]:
    """The header and the data rows of the first worksheet (in workbook order).

    The header is the first row with a non-empty cell, stripped, trailing empty cells
    trimmed; its length w is the width. The frame has ``row`` (the 1-based sheet row),
    ``c0``..``c{w-1}`` (cell text, null when empty) and ``n0``..``n{w-1}`` (True where the
    cell is a plain number, not a date); rows empty within the width are left out. ``rows``
    stops after that many data rows, inflating little more than they take.

    Raises FileUnreadable for anything that is not a readable workbook."""
    if rows is not None:
        rows = max(rows, 0)
    try:
        with zipfile.ZipFile(path) as zf:
            book = _workbook(zf)
            date_styles = _date_styles(zf, book.styles) if book.styles else frozenset()
            strings = _SharedStrings(path, zf, book.shared_strings, preview=rows is not None)
            with closing(strings):
                sheet = _Sheet(path, zf, book.sheet, strings, date_styles, book.date1904)
                return sheet.read(rows)
    except FileUnreadable:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        zlib.error,
        EOFError,
        OSError,
        expat.ExpatError,
        UnicodeDecodeError,
        NotImplementedError,  # zipfile: unsupported compression method
        RuntimeError,  # zipfile: encrypted member
        pl.exceptions.PolarsError,
        ValueError,
    ) as exc:
        raise FileUnreadable(f"Berkas Excel tidak dapat dibaca: {exc}") from exc


def _unreadable(reason: str) -> FileUnreadable:
    return FileUnreadable(f"Berkas Excel tidak dapat dibaca: {reason}")


# --- workbook parts (small XML, parsed with expat) --------------------------------------------


@dataclass(frozen=True)
class _Book:
    sheet: str
    shared_strings: str | None
    styles: str | None
    date1904: bool


def _elements(data: bytes) -> list[tuple[tuple[str, ...], dict[str, str]]]:
    """Every element as (path of local names from the root, attributes by local name)."""
    out: list[tuple[tuple[str, ...], dict[str, str]]] = []
    stack: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        stack.append(name.rpartition(" ")[2])
        out.append((tuple(stack), {k.rpartition(" ")[2]: v for k, v in attrs.items()}))

    def end(_name: str) -> None:
        stack.pop()

    def doctype(*_args: Any) -> None:
        # OOXML never has a DTD; refusing one rules out entity-expansion tricks.
        raise _unreadable("DTD tidak diizinkan")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.Parse(data, True)
    return out


def _part_rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part name) for a part; empty when it has none."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.NameToInfo:
        return {}
    rels = {}
    for path, attrs in _elements(zf.read(rels_name)):
        if path[-1] == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            rels[attrs.get("Id", "")] = (attrs.get("Type", ""), target)
    return rels


def _workbook(zf: zipfile.ZipFile) -> _Book:
    workbook = "xl/workbook.xml"
    for rel_type, target in _part_rels(zf, "").values():
        if rel_type.endswith("/officeDocument"):
            workbook = target
    rels = _part_rels(zf, workbook)
    first_sheet_rid = None
    date1904 = False
    for path, attrs in _elements(zf.read(workbook)):
        if path[-1] == "sheet" and first_sheet_rid is None:
            first_sheet_rid = attrs.get("id")
        elif path[-1] == "workbookPr":
            date1904 = attrs.get("date1904", "").lower() in ("1", "true")
    if first_sheet_rid is None:
        raise _unreadable("buku kerja tidak memiliki lembar kerja")
    if first_sheet_rid not in rels:
        raise _unreadable("lembar kerja pertama tidak ditemukan")
    by_type = {rel_type.rpartition("/")[2]: target for rel_type, target in rels.values()}
    shared_strings = by_type.get("sharedStrings")
    if shared_strings is None and "xl/sharedStrings.xml" in zf.NameToInfo:
        shared_strings = "xl/sharedStrings.xml"
    return _Book(
        sheet=rels[first_sheet_rid][1],
        shared_strings=shared_strings if shared_strings in zf.NameToInfo else None,
        styles=by_type.get("styles") if by_type.get("styles") in zf.NameToInfo else None,
        date1904=date1904,
    )


def is_date_format(code: str) -> bool:
    """A custom number format shows a date or time when, outside quoted text, [..] sections
    and escaped characters, it has y, m, d, h or s. Elapsed times ([h]:mm) are durations."""
    if re.search(r"\[(?:h+|m+|s+)\]", code, re.IGNORECASE):
        return False
    bare = re.sub(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]', "", code)
    return re.search(r"[ymdhs]", bare, re.IGNORECASE) is not None


def _date_styles(zf: zipfile.ZipFile, styles: str) -> frozenset[int]:
    """Indexes into cellXfs (a cell's ``s``) whose number format is a date or time."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    for path, attrs in _elements(zf.read(styles)):
        if path[-2:] == ("numFmts", "numFmt"):
            custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
        elif path[-2:] == ("cellXfs", "xf"):
            formats.append(int(attrs.get("numFmtId", "0")))
    return frozenset(
        i
        for i, fmt in enumerate(formats)
        if (is_date_format(custom[fmt]) if fmt in custom else fmt in _BUILTIN_DATE_FORMATS)
    )


# --- streaming ----------------------------------------------------------------------------------


def _inflate(path: Path, zf: zipfile.ZipFile, name: str, step: int) -> Iterator[bytes]:
    """The member's bytes, ``step`` at most at a time. A deflated member is inflated with zlib
    directly (CRC checked at the end): ZipExtFile costs half as much again, in the thread
    that feeds the parsers."""
    info = zf.getinfo(name)
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 1:
        with zf.open(info) as member:
            while block := member.read(step):
                yield block
        return
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        head = f.read(30)
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {name}")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        f.seek(info.header_offset + 30 + name_len + extra_len)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        left = info.compress_size
        crc = 0
        while not inflater.eof:
            data = inflater.unconsumed_tail
            if not data:
                data = f.read(min(left, 1 << 18))
                left -= len(data)
                if not data:
                    raise EOFError(f"{name} is truncated")
            block = inflater.decompress(data, step)
            crc = zlib.crc32(block, crc)
            if block:
                yield block
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 for {name}")


def _chunks(
    blocks: Iterator[bytes], root: bytes, close: bytes, size: int, grow: bool
) -> Iterator[bytes]:
    """Inflated XML in chunks that end just after a ``</close>`` (the rest is carried over);
    the tail after the last one comes last. The first item is the namespace prefix of the
    ``root`` element ("x:" or ""), which the close tag carries too. ``grow`` doubles the size
    from chunk to chunk, up to CHUNK_BYTES."""
    parts: list[bytes] = []
    have = 0
    eof = False
    while have < 65536 and not eof:  # enough to hold the root element's start tag
        block = next(blocks, b"")
        eof = not block
        parts.append(block)
        have += len(block)
    prefix = _prefix(b"".join(parts)[:65536], root)
    yield prefix.encode()
    close_tag = b"</" + prefix.encode() + close + b">"
    while True:
        if have < size and not eof:
            block = next(blocks, b"")
            eof = not block
            parts.append(block)
            have += len(block)
            continue
        # The cut is nearly always in the last block: slice that one, not the joined chunk.
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        last = parts[-1]
        cut = last.rfind(close_tag)
        if cut >= 0:
            cut += len(close_tag)
            parts[-1] = last[:cut]
            yield b"".join(parts)
            rest = last[cut:]
        else:
            buf = b"".join(parts)
            cut = buf.rfind(close_tag)
            if cut < 0:
                parts = [buf]
                if eof:
                    break
                have = len(buf)
                size = max(size, have + 1)  # one long element: read on
                continue
            cut += len(close_tag)
            yield buf[:cut]
            rest = buf[cut:]
        parts = [rest]
        have = len(rest)
        if eof:
            break
        if grow and size < CHUNK_BYTES:
            size *= 2
    if parts[0]:
        yield parts[0]


def _prefix(head: bytes, local: bytes) -> str:
    """The namespace prefix ("x:" or "") the part uses for its elements."""
    m = re.search(rb"<(?:([A-Za-z_][\w.-]*):)?" + local + rb"[\s>/]", head)
    if m is None:
        raise _unreadable(f"elemen {local.decode()} tidak ditemukan")
    return m.group(1).decode() + ":" if m.group(1) else ""


def _split(data: bytes, sep: str) -> pl.Series:
    """``data`` split on ``sep``, as strings. bytes.split then one Binary -> String cast (which
    validates UTF-8 in Rust) costs a fraction of the memory of polars' str.split on one huge
    string."""
    return pl.Series(data.split(sep.encode()), dtype=pl.Binary).cast(pl.String)


def _unescape(s: pl.Series) -> pl.Series:
    """XML entities decoded: the five named ones vectorised, numeric ones (rare) in Python."""
    has_amp = s.str.contains("&", literal=True)
    if not has_amp.any():
        return s
    named = s.str.replace_many(
        ["&lt;", "&gt;", "&quot;", "&apos;", "&amp;"], ["<", ">", '"', "'", "&"]
    )
    numeric = s.str.contains("&#", literal=True).fill_null(False)
    if not numeric.any():
        return named
    idx = numeric.arg_true()
    decoded = pl.Series([_unescape_one(v) for v in s.gather(idx).to_list()], dtype=pl.String)
    return named.scatter(idx, decoded)


def _unescape_one(text: str | None) -> str | None:
    if text is None:
        return None

    def sub(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] != "#":
            return _NAMED[ref]
        try:
            return chr(int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:]))
        except (ValueError, OverflowError):
            return m.group(0)

    return _ENTITIES.sub(sub, text)


def _run_text(xml: pl.Series, p: str) -> pl.Series:
    """Text of a rich string (``<r><t>..</t></r>`` runs or a plain ``<t>``), phonetic
    ``<rPh>`` runs left out; entities still escaped (the caller decodes them once)."""
    e = re.escape(p)
    xml = xml.str.replace_all(rf"(?s)<{e}rPh\b.*?</{e}rPh\s*>", "")
    runs = xml.str.extract_all(rf"<{e}t(?:\s[^>]*)?>[^<]*</{e}t\s*>")
    text = runs.list.eval(
        pl.element().str.replace(r"^<[^>]*>", "").str.replace(r"</[^>]*>$", "")
    ).list.join("")
    return text


def _nothing() -> Generator[pl.Series]:
    yield from ()


class _SharedStrings:
    """The shared-strings table, read (vectorised, chunk by chunk) only as far as the cells
    need: a preview of ten rows reads a few entries of a million-entry table."""

    def __init__(self, path: Path, zf: zipfile.ZipFile, part: str | None, preview: bool):
        self._chunks = self._read(path, zf, part, preview) if part else _nothing()
        self._parts: list[pl.Series] = []
        self._size = 0
        self._all = pl.Series("s", [], dtype=pl.String)
        self._lock = threading.Lock()

    def upto(self, index: int) -> pl.Series:
        """The table, holding entry ``index`` unless the table is shorter."""
        with self._lock:  # the parsing threads share it
            while self._size <= index and (part := next(self._chunks, None)) is not None:
                self._parts.append(part)
                self._size += len(part)
            if len(self._all) != self._size:
                self._all = pl.concat(self._parts)
                self._parts = [self._all]
            return self._all

    def close(self) -> None:
        self._chunks.close()

    @staticmethod
    def _read(path: Path, zf: zipfile.ZipFile, part: str, preview: bool) -> Generator[pl.Series]:
        size = PREVIEW_CHUNK_BYTES if preview else CHUNK_BYTES
        blocks = _inflate(path, zf, part, min(size, 1 << 20))
        chunks = _chunks(blocks, b"sst", b"si", size, grow=preview)
        p = next(chunks).decode()
        e = re.escape(p)
        for chunk in chunks:
            pieces = _split(chunk, f"</{p}si>")
            # Drop what follows the last </si>; the tail chunk (</sst>) has no string at all.
            pieces = pieces.head(-1 if chunk.endswith(f"</{p}si>".encode()) else 0)
            simple = pieces.str.extract(
                rf'<{e}si><{e}t(?: xml:space="preserve")?>([^<]*)</{e}t>\z', 1
            )
            rich = simple.is_null()
            if rich.any():
                idx = rich.arg_true()
                simple = simple.scatter(idx, _run_text(pieces.gather(idx), p).fill_null(""))
            yield _unescape(simple)


# --- the sheet ----------------------------------------------------------------------------------


class _Sheet:
    def __init__(
        self,
        path: Path,
        zf: zipfile.ZipFile,
        part: str,
        strings: _SharedStrings,
        date_styles: frozenset[int],
        date1904: bool,
    ) -> None:
        self.path = path
        self.zf = zf
        self.part = part
        self.strings = strings
        self.date_styles = date_styles
        self.date1904 = date1904
        self.p = ""

    def read(self, rows: int | None) -> tuple[list[str], pl.DataFrame]:
        self.header: list[str] | None = None
        self.frames: list[pl.DataFrame] = []
        self.total = 0
        self.state = _RowState()
        bodies = self._sheet_data(rows is not None)
        with ThreadPoolExecutor(max_workers=WORKERS) as pool, closing(bodies):
            # The pool parses chunks while this thread inflates the next one (zlib and polars
            # both release the GIL); results are taken in order, at most two ahead.
            pending: list[Future[_Chunk]] = []
            # A preview takes each chunk before inflating the next: it may be the last one.
            ahead = 0 if rows is not None else 2
            for body in bodies:
                pending.append(pool.submit(self._cells, body))
                while pending and (pending[0].done() or len(pending) > ahead):
                    self._take(pending.pop(0).result())
                if self._enough(rows):
                    break
            for fut in pending:
                if self._enough(rows):
                    fut.cancel()
                else:
                    self._take(fut.result())
        if self.header is None:
            return [], pl.DataFrame(schema={"row": pl.Int64})
        w = len(self.header)
        schema: dict[str, Any] = {"row": pl.Int64}
        schema.update({f"c{j}": pl.String for j in range(w)})
        schema.update({f"n{j}": pl.Boolean for j in range(w)})
        frame = (
            pl.concat(self.frames, rechunk=False) if self.frames else pl.DataFrame(schema=schema)
        )
        if rows is not None:
            frame = frame.head(rows)
        return self.header, frame

    def _enough(self, rows: int | None) -> bool:
        return rows is not None and self.header is not None and self.total >= rows

    def _take(self, chunk: "_Chunk") -> None:
        """Number the chunk's rows (they follow the previous chunk) and keep its data rows."""
        row = _row_numbers(chunk.explicit, self.state.last_row)
        if len(row):
            self.state.last_row = int(row[-1])
        cells = chunk.cells.with_columns(
            row=row.gather(chunk.cells["ri"]), ri=pl.col("ri") + self.state.ri_base
        )
        self.state.ri_base += len(row)
        if self.header is None:
            if cells.is_empty():
                return
            first = cells["ri"][0]
            head = cells.filter(pl.col("ri") == first)
            cells = cells.filter(pl.col("ri") != first)
            texts = dict(zip(head["col"].to_list(), head["text"].to_list(), strict=True))
            header = [(texts.get(j) or "").strip() for j in range(max(texts) + 1)]
            while header and not header[-1]:
                header.pop()
            self.header = header
        wide = _wide(cells, len(self.header))
        self.frames.append(wide)
        self.total += wide.height

    def _sheet_data(self, preview: bool) -> Generator[bytes]:
        """The inside of <sheetData>, in chunks of whole rows."""
        size = PREVIEW_CHUNK_BYTES if preview else CHUNK_BYTES
        blocks = _inflate(self.path, self.zf, self.part, min(size, 1 << 20))
        chunks = _chunks(blocks, b"worksheet", b"row", size, grow=preview)
        self.p = p = next(chunks).decode()
        started = False
        for chunk in chunks:
            if not started:
                m = re.search(rb"<" + re.escape(p.encode()) + rb"sheetData\b[^>]*>", chunk)
                if m is None:
                    raise _unreadable("sheetData tidak ditemukan")
                if m.group(0).endswith(b"/>"):
                    return
                chunk = chunk[m.end() :]
                started = True
            if chunk.endswith(f"</{p}row>".encode()):
                yield chunk
                continue
            # Only the tail, after the last </row>, holds </sheetData>.
            end = chunk.find(f"</{p}sheetData>".encode())
            if end < 0:
                break
            if chunk[:end].strip():
                yield chunk[:end]
            return
        raise _unreadable("sheetData tidak lengkap")

    # -- one chunk: XML -> long frame of non-empty cells ---------------------------------------

    def _cells(self, body: bytes) -> "_Chunk":
        """The non-empty cells (ri: row element in the chunk, col, text, num) and the ``r`` of
        each row element."""
        p = self.p
        e = re.escape(p)
        # Cells without attributes would escape the split on "<c ".
        if f"<{p}c>".encode() in body or f"<{p}c/>".encode() in body:
            body = body.replace(f"<{p}c>".encode(), f"<{p}c >".encode())
            body = body.replace(f"<{p}c/>".encode(), f"<{p}c />".encode())
        pieces = _split(body, f"<{p}c ")
        opens, explicit = _rows(pieces, p)
        # opens[i]: row elements started in piece i; a cell belongs to the last one before it.
        cell_ri = (opens.cum_sum().shift(1).fill_null(0) - 1).slice(1)
        pieces = pieces.slice(1)
        keep = cell_ri >= 0
        if not keep.all():
            pieces, cell_ri = pieces.filter(keep), cell_ri.filter(keep)
        fast = pieces.str.extract_groups(
            rf'^r="([A-Z]{{1,3}})[0-9]+"(?: (?:s="([0-9]+)"(?: t="([a-zA-Z]+)")?|t="([a-zA-Z]+)"))?'
            rf"(?:/>|>(?:<(?:{e}v>([^<]*)</{e}v></{e}c>"
            rf"|{e}is><{e}t>([^<]*)</{e}t></{e}is></{e}c>|/{e}c>)))"
        )
        parsed = pl.DataFrame(
            {
                "ri": cell_ri,
                "letters": fast.struct.field("1"),
                "s": fast.struct.field("2"),
                "t": fast.struct.field("3").fill_null(fast.struct.field("4")),
                "v": fast.struct.field("5").fill_null(fast.struct.field("6")),
            }
        )
        slow = parsed["letters"].is_null()
        if slow.any():
            idx = slow.arg_true()
            general = _general_cells(pieces.gather(idx), p).with_columns(
                ri=cell_ri.gather(idx), k=idx
            )
            parsed = (
                pl.concat(
                    [
                        parsed.with_row_index("k").filter(~slow),
                        general.select("k", *parsed.columns),
                    ]
                )
                .sort("k")
                .drop("k")
            )
        values = self._values(parsed, entities=b"&" in body)
        out = pl.DataFrame({"ri": parsed["ri"], "col": _columns(parsed), "text": values})
        out = out.unnest("text")
        out = out.filter(pl.col("text").is_not_null() & pl.col("col").is_not_null())
        return _Chunk(out, explicit)

    def _values(self, cells: pl.DataFrame, entities: bool = True) -> pl.Series:
        """Struct of text (null when empty) and num (a plain number) for every cell.

        Everything runs over the whole chunk with masks: a gather/scatter round trip costs
        more than computing a branch for cells that do not need it."""
        t = cells["t"]
        raw = cells["v"]
        # inline strings, formula strings, errors and ISO dates are the text itself
        text = _unescape(raw) if entities else raw
        num = pl.Series("num", [False] * len(cells), dtype=pl.Boolean)
        is_s = t.eq_missing("s")
        if is_s.any():
            idx = _where(is_s, raw, None).cast(pl.Int64, strict=False)
            used = idx.filter(is_s)
            low, high = used.min(), used.max()
            if used.null_count() or not isinstance(low, int) or not isinstance(high, int):
                raise _unreadable("indeks teks bersama tidak valid")
            strings = self.strings.upto(high)
            if low < 0 or high >= len(strings):
                raise _unreadable("indeks teks bersama tidak valid")
            text = _where(is_s, strings.gather(idx), text)
        is_b = t.eq_missing("b")
        if is_b.any():
            bools = raw.replace_strict({"1": "true", "0": "false"}, default=raw)
            text = _where(is_b, bools, text)
        is_n = (t.is_null() | t.eq_missing("n")) & raw.is_not_null()
        if is_n.any():
            f = _where(is_n, raw, None).cast(pl.Float64, strict=False)
            f = _where(f.is_finite(), f, None)  # "inf" or "NaN" are not numbers Excel writes
            text = _where(f.is_not_null(), _number_text(f), text)
            num = f.is_not_null()
            if self.date_styles:
                styled = _where(is_n, cells["s"], None).cast(pl.Int64, strict=False)
                styled = styled.is_in(list(self.date_styles)).fill_null(False)
                if styled.any():
                    limit = _EXCEL_MAX_SERIAL - (1462 if self.date1904 else 0)
                    # A serial Excel cannot show as a date (it shows ####) stays a number, but
                    # is still not a plain number.
                    dated = (styled & (f >= 0) & (f < limit)).fill_null(False)
                    idx = dated.arg_true()
                    text = text.scatter(idx, _date_text(f.gather(idx), self.date1904))
                    num = num & ~styled
        text = _where(text != "", text, None)
        return pl.DataFrame({"text": text, "num": num}).to_struct("text")


@dataclass
class _RowState:
    """What the chunks pass on: rows without ``r`` follow the last row number."""

    last_row: int = 0
    ri_base: int = 0


def _where(mask: pl.Series, a: pl.Series, b: pl.Series | None) -> pl.Series:
    return pl.select(pl.when(mask).then(a).otherwise(b)).to_series().alias(a.name)


@dataclass(frozen=True)
class _Chunk:
    cells: pl.DataFrame
    explicit: pl.Series


def _rows(pieces: pl.Series, p: str) -> tuple[pl.Series, pl.Series]:
    """Row elements started in each piece, and the ``r`` (or null) of each row element."""
    e = re.escape(p)
    has_row = pieces.str.contains(f"<{p}row", literal=True)
    tags = pieces.filter(has_row).str.extract_all(rf"<{e}row\b[^>]*>")
    counts = tags.list.len()
    if (counts == 1).all():
        opens = has_row.cast(pl.Int64)
    else:  # empty rows (<row r="7"/>) between two cells
        opens = pl.Series([0] * len(pieces), dtype=pl.Int64)
        opens = opens.scatter(has_row.arg_true(), counts.cast(pl.Int64))
    explicit = (
        tags.explode()
        .drop_nulls()
        .str.extract(r"""\sr\s*=\s*["']([0-9]+)["']""", 1)
        .cast(pl.Int64, strict=False)
    )
    return opens, explicit


def _row_numbers(explicit: pl.Series, last_row: int) -> pl.Series:
    """Sheet row numbers: ``r`` where given, else one more than the previous row element."""
    if explicit.is_not_null().all():
        return explicit
    return _counted_on(pl.DataFrame({"x": explicit}), pl.lit(last_row + 1))


def _counted_on(positions: pl.DataFrame, before_any: pl.Expr, over: str | None = None) -> pl.Series:
    """`x` where given, else one more than the element before it (per `over` group), and
    `before_any` counted on for elements before the first given one."""
    offset = pl.when(pl.col("x").is_not_null()).then(pl.col("x") - pl.col("k")).forward_fill()
    if over:
        offset = offset.over(over)
    return (
        positions.with_row_index("k")
        .with_columns(pl.col("k").cast(pl.Int64))
        .select(offset.fill_null(before_any) + pl.col("k"))
        .to_series()
    )


def _general_cells(pieces: pl.Series, p: str) -> pl.DataFrame:
    """letters, s, t and v of cells in any shape (attribute order, quotes, formulas, rich
    inline strings); letters is null when the cell has no ``r``."""
    e = re.escape(p)
    attrs = pieces.str.extract(r"^([^>]*)>", 1)
    closed = attrs.str.ends_with("/").fill_null(True)
    inner = pieces.str.extract(rf"^[^>]*>((?s:.*?))</{e}c\s*>", 1)
    inner = pl.select(pl.when(~closed).then(inner)).to_series()
    t = attrs.str.extract(r"""(?:^|\s)t\s*=\s*["']([^"']*)["']""", 1)
    v = inner.str.extract(rf"<{e}v(?:\s[^>]*)?>([^<]*)</{e}v\s*>", 1)
    inline = inner.str.extract(rf"(?s)<{e}is(?:\s[^>]*)?>(.*?)</{e}is\s*>", 1)
    is_inline = (t == "inlineStr").fill_null(False)
    if is_inline.any():
        idx = is_inline.arg_true()
        v = v.scatter(idx, _run_text(inline.gather(idx), p))
    return pl.DataFrame(
        {
            "letters": attrs.str.extract(
                r"""(?:^|\s)r\s*=\s*["']([A-Za-z]{1,3})[0-9]*["']""", 1
            ).str.to_uppercase(),
            "s": attrs.str.extract(r"""(?:^|\s)s\s*=\s*["']([0-9]+)["']""", 1),
            "t": t,
            "v": v,
        }
    )


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


# Columns A..ZZ as an Enum: casting the letters to it is a cheap lookup of the column index.
_TWO_LETTER_COLUMNS = pl.Enum([xl_col_to_name(i) for i in range(26 + 26 * 26)])


def _columns(cells: pl.DataFrame) -> pl.Series:
    """0-based column of every cell; a cell without ``r`` follows the previous one in its row."""
    letters = cells["letters"]
    col = letters.cast(_TWO_LETTER_COLUMNS, strict=False).to_physical().cast(pl.Int64)
    wide = col.is_null() & letters.is_not_null()
    if wide.any():  # three letters: past column ZZ
        known = letters.filter(wide).unique().to_list()
        mapping = {x: _column_index(x) for x in known}
        col = _where(wide, letters.replace_strict(mapping, default=None), col)
    if col.is_null().any():
        positions = pl.DataFrame({"ri": cells["ri"], "x": col})
        col = _counted_on(positions, -pl.col("k").min().over("ri"), over="ri")
    return col.alias("col")


def _number_text(f: pl.Series) -> pl.Series:
    """Integral values (below 2**63) without ".0", others as Python's repr(float)."""
    integral = ((f == f.floor()) & (f.abs() < 2.0**63)).fill_null(False)
    text = _where(integral, f, None).cast(pl.Int64).cast(pl.String)
    other = f.is_not_null() & ~integral
    if other.any():
        # polars writes the shortest round-trip form, like repr, from 1e-4 to 1e16
        usual = other & (f.abs() >= 1e-4) & (f.abs() < 1e16)
        text = _where(usual, _where(usual, f, None).cast(pl.String), text)
        odd = other & ~usual
        if odd.any():
            idx = odd.arg_true()
            text = text.scatter(idx, pl.Series([repr(x) for x in f.gather(idx).to_list()]))
    return text


def _date_text(serial: pl.Series, date1904: bool) -> pl.Series:
    """YYYY-MM-DD, with HH:MM:SS (rounded to the second) when the serial has a fraction."""
    days = serial.floor()
    secs = ((serial - days) * 86400).round()
    if date1904:
        epoch_days = days - _UNIX_EPOCH_1904
    else:
        # Excel counts a 29 February 1900 that never was: serials before it are a day early.
        epoch_days = days + ((serial > 0) & (serial < 60)).cast(pl.Float64) - _UNIX_EPOCH_1900
    stamp = pl.from_epoch((epoch_days * 86400 + secs).cast(pl.Int64), time_unit="s")
    return pl.select(
        pl.when(serial == days)
        .then(stamp.dt.strftime("%Y-%m-%d"))
        .otherwise(stamp.dt.strftime("%Y-%m-%d %H:%M:%S"))
    ).to_series()


def _wide(cells: pl.DataFrame, w: int) -> pl.DataFrame:
    """Long cells -> one row per row element with any cell within the header's width."""
    cells = cells.filter(pl.col("col") < w)
    slot = cells["ri"].rle_id().cast(pl.Int64)
    rows = cells.filter(cells["ri"] != cells["ri"].shift(1).fill_null(-1)).select("row")
    n = rows.height
    pos = slot * w + cells["col"]
    if not (len(pos) == n * w and (pos == pl.int_range(n * w, eager=True)).all()):
        grid = pl.DataFrame({"pos": pl.int_range(n * w, dtype=pl.Int64, eager=True)})
        cells = grid.join(
            cells.with_columns(pos=pos).unique("pos", keep="last"),
            on="pos",
            how="left",
            maintain_order="left",
        )
    text, num = cells["text"], cells["num"].fill_null(False)
    data: dict[str, pl.Series] = {"row": rows["row"]}
    for j in range(w):
        data[f"c{j}"] = text.gather_every(w, j).alias(f"c{j}")
    for j in range(w):
        data[f"n{j}"] = num.gather_every(w, j).alias(f"n{j}")
    return pl.DataFrame(data)
