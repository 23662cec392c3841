"""Reading one XLSX file: python-calamine alone against tuntas' streaming read_xlsx.

Each reader runs in its own child process, so that each peak memory (ru_maxrss, the whole
process) is its own. The modules are imported before the clock starts; CPU time (user +
system, including the imports) is printed too, as wall time swings on a busy machine. Not
part of the tests.

    .venv/bin/python bench/xlsx_read.py FILE.xlsx [--repeat 3]
    .venv/bin/python bench/xlsx_read.py FILE.xlsx --copy-shared 200000 /tmp/k4-200k-sst.xlsx

``--copy-shared N OUT`` first writes the first N data rows of FILE to OUT with XlsxWriter's
normal mode (text in the shared-strings table, the last two columns as numbers), then
measures OUT.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from pathlib import Path
path, reader = Path(sys.argv[1]), sys.argv[2]
# Imported before the clock starts, as in the app's long-running processes (polars alone
# takes about 0.3 s to import).
from python_calamine import CalamineWorkbook
from tuntas.recipients.xlsx import read_xlsx
start = time.perf_counter()
if reader == "calamine":
    rows = sum(1 for _ in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())
    rows -= 1  # the header
else:
    header, frame = read_xlsx(path)
    rows = frame.height
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "cpu_seconds": usage.ru_utime + usage.ru_stime,
    "peak_mb": usage.ru_maxrss / 1024,
    "rows": rows,
}))
"""


def measure(path: Path, reader: str) -> dict[str, float]:
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", CHILD, str(path), reader],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def copy_shared(source: Path, rows: int, target: Path) -> None:
    import xlsxwriter

    from tuntas.recipients.xlsx import read_xlsx

    header, frame = read_xlsx(source, rows=rows)
    wb = xlsxwriter.Workbook(str(target))  # normal mode: strings go to sharedStrings.xml
    ws = wb.add_worksheet()
    ws.write_row(0, 0, header)
    w = len(header)
    for r, values in enumerate(frame.select([f"c{j}" for j in range(w)]).iter_rows(), 1):
        for c, v in enumerate(values):
            if v is None:
                continue
            if c >= w - 2 and v.isdigit():
                ws.write_number(r, c, int(v))
            else:
                ws.write_string(r, c, v)
    wb.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--copy-shared", nargs=2, metavar=("ROWS", "OUT"))
    args = parser.parse_args()
    path: Path = args.path
    if args.copy_shared:
        started = time.perf_counter()
        path = Path(args.copy_shared[1])
        copy_shared(args.path, int(args.copy_shared[0]), path)
        print(f"wrote {path} in {time.perf_counter() - started:.1f} s")
    print(f"{path} ({path.stat().st_size / 2**20:.1f} MB)")
    for reader in ("calamine", "read_xlsx"):
        for _ in range(args.repeat):
            m = measure(path, reader)
            print(
                f"  {reader:<10} {m['seconds']:6.2f} s  (CPU {m['cpu_seconds']:5.2f} s)  "
                f"peak {m['peak_mb']:5.0f} MB  {m['rows']:,} data rows"
            )


if __name__ == "__main__":
    main()
