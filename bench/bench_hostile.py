"""Hostile files: each is refused within 5 s and 500 MB, and no file crashes or hangs the reader.

    .venv/bin/python bench/bench_hostile.py [--repeat 3] [--no-calamine]

Generates the files under bench/out/hostile/ (rebuilt every run; they are small except where
the size is the attack), then reads each one with submission.read_application in a fresh child
process, repeated, and prints per file: the child's wall time (interpreter start included) and
the read itself, the child's peak resident set (os.wait4 rusage, per child), how it ended
(normal exit or a signal), and what the reader said. PASS means: the process exited normally,
the verdict is the expected one (refused, or accepted for the two legitimate large files),
wall ≤ 5 s and peak RSS ≤ 500 MB.

Two more rows show that a reader which crashes (os.abort, as calamine does on a crafted file)
or hangs is contained: the file goes through reading.read_many (2 worker processes) between
valid files, in a child that stands for the process holding the store. PASS ("contained"):
that child exits normally, the file is refused at 文件, the valid files after it are read, and
the hang ends at the reader's time limit (reading.READ_TIMEOUT_S, so the limit there is
READ_TIMEOUT_S + 5 s).

For comparison, the same files are given to python-calamine, each in a throw-away process
(address space capped at 4 GB, killed after 20 s): that column shows why whatever reads
applicants' files in the process that holds the store must not be calamine.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out" / "hostile"
LIMIT_S = 5.0
LIMIT_MB = 500
TIMEOUT_S = 60


# ---- the files -----------------------------------------------------------------------------

def _zip_with_big_part(name: str, size: int, head: bytes, unit: bytes, tail: bytes, base: bytes) -> bytes:
    """`base` (a real application) with part `name` replaced by `size` bytes of repetitive XML."""
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in src.infolist():
            if info.filename != name:
                zf.writestr(info.filename, src.read(info.filename))
        with zf.open(name, "w", force_zip64=True) as part:
            part.write(head)
            block = unit * max(1, (1 << 20) // len(unit))
            written = len(head)
            while written < size - len(tail):
                chunk = block[: size - len(tail) - written]
                part.write(chunk)
                written += len(chunk)
            part.write(tail)
    return out.getvalue()


def build(folder: Path) -> list[tuple[str, Path, str]]:
    """(description, path, expected verdict: 'refused' or 'accepted')."""
    from tests.core.workbooks import (
        application_bytes,
        cfb_bytes,
        package,
        set_declared_size,
        sheet_xml,
        strings_xml,
        zip_bytes,
    )

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*"):
        old.unlink()
    files: list[tuple[str, Path, str]] = []

    def put(name: str, data: bytes, what: str, expect: str = "refused") -> None:
        path = folder / name
        path.write_bytes(data)
        files.append((what, path, expect))

    app = application_bytes()
    put("00-valid.xlsx", app, "a valid application (baseline)", "accepted")
    put("01-renamed-csv.xlsx", ("序号,条款编号,项目名称,计算基数（元）\n" + "1,3.1,封测平台,1000000\n" * 2000).encode("utf-8"),
        "renamed CSV")
    put("02-fake-xls.xlsx", cfb_bytes("Workbook", "SummaryInformation"), "old .xls (CFB with a Workbook stream)")
    put("03-encrypted.xlsx", cfb_bytes("EncryptionInfo", "EncryptedPackage"),
        "encrypted workbook (CFB with EncryptedPackage)")
    put("04-truncated.xlsx", app[: len(app) // 2], "truncated zip (first half)")
    put("05-empty.xlsx", b"", "empty file")
    put("06-too-large.xlsx", app + os.urandom(25 * 1024 * 1024), "25 MB file (over the 20 MB limit)")

    sheet_head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                  b'spreadsheetml/2006/main"><sheetData>')
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    tail = b"</sheetData></worksheet>"
    honest = _zip_with_big_part("xl/worksheets/sheet2.xml", 1 << 30, sheet_head, row, tail, app)
    put("07-zip-bomb-honest.xlsx", honest, "zip bomb, honest sizes (1 GB sheet in ~1 MB)")
    put("08-zip-bomb-ratio.xlsx",
        _zip_with_big_part("xl/worksheets/sheet2.xml", 60 << 20, sheet_head, row, tail, app),
        "zip bomb under the part limit (60 MB sheet, ratio ≫ 200)")
    put("09-zip-bomb-lying.xlsx", set_declared_size(honest, "xl/worksheets/sheet2.xml", 8_000),
        "zip bomb, lying sizes (1 GB declared as 8 KB)")
    put("10-zip-bomb-lying-64k.xlsx", set_declared_size(honest, "xl/worksheets/sheet2.xml", 5_000_000),
        "zip bomb, lying sizes (declared 5 MB: streamed path)")

    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
           + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    info = sheet_xml({1: [("A1", "s", "<v>0</v>")]})
    put("11-billion-laughs.xlsx", package({"申报信息": info, "申报事项": info}, strings=lol),
        "billion laughs in sharedStrings")
    xxe = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           '<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>')
    put("12-xxe.xlsx", package({"申报信息": xxe, "申报事项": xxe}), "DOCTYPE with an external entity (XXE)")
    crafted = sheet_xml({1: [("A1", "", "<v>1</v>")], 1048576: [("XFD1048576", "", "<v>1</v>")]})
    put("13-xfd1048576.xlsx", package({"申报信息": crafted, "申报事项": crafted}),
        "values at A1 and XFD1048576 (calamine's crash)")
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>3.1</t></is></c></row>'
                   for r in range(1, 50_001))
    put("14-no-dimension-50k-rows.xlsx", package({"申报信息": sheet_xml(), "申报事项": sheet_xml(body=body)}),
        "no <dimension>, 50,000 rows")
    styled = ("<row>" + '<c s="1"/>' * 6 + "</row>") * 250_000
    put("15-1.5m-empty-cells.xlsx", package({"申报信息": sheet_xml(), "申报事项": sheet_xml(body=styled)}),
        "1,500,000 empty styled cells (under the part size limit)")
    many_strings = strings_xml([f"<t>{i}</t>" for i in range(1_500_000)])
    put("16-1.5m-shared-strings.xlsx", package({"申报信息": info, "申报事项": info}, strings=many_strings),
        "1,500,000 shared strings")
    put("17-many-parts.xlsx", zip_bytes({"xl/workbook.xml": "<workbook/>"} | {f"p/{i}": b"" for i in range(20_000)},
                                        compression=zipfile.ZIP_STORED), "20,000 zip entries")

    # Legitimate but large: the biggest applications the reader accepts.
    from tests.core.workbooks import APPLICANT, CLAIMS
    claims = [{**CLAIMS[i % 9], "line": i + 1, "voucher": f"HT-{i}"} for i in range(9_999)]
    put("18-10k-claims.xlsx", application_bytes(APPLICANT, claims), "10,000 rows of claims (legitimate, largest)",
        "accepted")
    # Valid files: what fails here is the reader itself (see misbehaving_reader).
    put(CRASH, app, "reader crashes (os.abort in the worker)", "contained")
    put(HANG, app, "reader hangs (past the time limit)", "contained")
    return files


# ---- children ------------------------------------------------------------------------------

def _peak_mb() -> float:
    """This process's own peak RSS since exec (VmHWM); ru_maxrss would include the parent's
    pages from before exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_read(path: str) -> dict:
    from workbench.core.intake.submission import read_application

    t = time.perf_counter()
    app = read_application(path)
    out = {"read": time.perf_counter() - t, "refused": app.refused, "claims": len(app.claims), "peak_mb": _peak_mb()}
    if app.errors:
        out["where"], out["message"] = app.errors[0].where, app.errors[0].message
    return out


# ---- a reader that crashes or hangs: contained by the worker processes --------------------

CRASH, HANG = "19-reader-crash.xlsx", "20-reader-hang.xlsx"


def misbehaving_reader(path: str):
    """read_application, except on the two files named for it: there the reader dies the way
    calamine does on a crafted file (SIGABRT, no exception) or never returns. Module level, so
    that a spawned worker imports it by name."""
    from workbench.core.intake.submission import read_application

    name = Path(path).name
    if name == CRASH:
        os.abort()
    if name == HANG:
        time.sleep(3600)
    return read_application(path)


def child_contain(path: str) -> dict:
    """The file between valid ones, through reading.read_many (2 workers, default time limit)
    in this process, which stands for the one holding the store: it must live, the file must
    come back refused and the files after it read."""
    from workbench.core.intake.reading import read_many

    valid = str(Path(path).with_name("00-valid.xlsx"))
    t = time.perf_counter()
    read = None
    results = []
    for p, app in read_many([valid, path, valid, valid], workers=2, reader=misbehaving_reader):
        results.append(app)
        if p.name == Path(path).name:
            read = time.perf_counter() - t
    app = results[1]
    out = {"read": read, "refused": app.refused, "claims": len(app.claims), "peak_mb": _peak_mb(),
           "others": [not a.refused for a in results[::2] + results[3:]] == [True, True, True],
           "pid": os.getpid()}
    if app.errors:
        out["where"], out["message"] = app.errors[0].where, app.errors[0].message
    return out


def child_calamine(path: str) -> dict:
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    try:
        wb = CalamineWorkbook.from_path(path)
        cells = 0
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python():
                cells += len(row)
        out = {"outcome": f"read {cells} cells"}
    except Exception as exc:
        out = {"outcome": f"{type(exc).__name__}"}
    out["read"] = time.perf_counter() - t
    out["peak_mb"] = _peak_mb()
    return out


def run(kind: str, path: Path, cap_gb: float | None = None, timeout: float = TIMEOUT_S) -> dict:
    """One child: wall time, its own peak RSS (wait4), exit status or signal, its JSON line."""
    def limit():
        if cap_gb:
            cap = int(cap_gb * 1024 ** 3)
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", kind, str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit)
    killed = False
    deadline = t + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            killed = True
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_text = proc.stdout.read().decode()
    err_text = proc.stderr.read().decode()
    # wait4's ru_maxrss counts the pages the child shared with this process before exec, so it
    # is only an upper bound; a child that reports its own peak (VmHWM) is believed instead.
    res = {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "killed": killed}
    if os.WIFSIGNALED(status):
        res["ended"] = f"signal {signal.Signals(os.WTERMSIG(status)).name}" + (" (timeout)" if killed else "")
    else:
        res["ended"] = f"exit {os.WEXITSTATUS(status)}"
    lines = out_text.strip().splitlines()
    if res["ended"] == "exit 0" and lines:
        res.update(json.loads(lines[-1]))
        res["rss_mb"] = res.pop("peak_mb")
    else:
        res["stderr"] = err_text.strip().splitlines()[-1][:100] if err_text.strip() else ""
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-calamine", action="store_true")
    ap.add_argument("--child")
    ap.add_argument("path", nargs="?")
    args = ap.parse_args()
    if args.child:
        fn = {"read": child_read, "contain": child_contain, "calamine": child_calamine}[args.child]
        print(json.dumps(fn(args.path)))
        return 0

    t = time.perf_counter()
    files = build(OUT)
    print(f"built {len(files)} files in {time.perf_counter() - t:.1f} s → {OUT}")
    print(f"each read by read_application in a fresh process, {args.repeat} times; medians (RSS: "
          f"the child's own peak, VmHWM, interpreter and imports included); limits {LIMIT_S:.0f} s and {LIMIT_MB} MB per file")
    print()
    head = f"{'file':58} {'size':>8} {'wall s':>7} {'read s':>7} {'RSS MB':>7}  {'ended':8} {'verdict':8} result"
    print(head)
    failures = 0
    calamine_rows = []
    from workbench.core.intake.reading import READ_TIMEOUT_S

    for what, path, expect in files:
        contain = expect == "contained"
        runs = [run("contain" if contain else "read", path) for _ in range(args.repeat)]
        wall = statistics.median(r["wall"] for r in runs)
        rss = max(r["rss_mb"] for r in runs)
        read = statistics.median(r.get("read", float("nan")) for r in runs)
        ended = runs[-1]["ended"]
        normal = all(r["ended"] == "exit 0" for r in runs)
        verdict = ("refused" if runs[-1].get("refused") else "accepted") if normal else "crashed"
        # A hang can only end at the time limit: it is held to that limit, not to LIMIT_S.
        limit_s = READ_TIMEOUT_S + LIMIT_S if path.name == HANG else LIMIT_S
        if contain:
            verdict = "contained" if normal and verdict == "refused" and all(r.get("others") for r in runs) \
                else verdict
        ok = normal and verdict == expect and wall <= limit_s and rss <= LIMIT_MB
        failures += not ok
        size = path.stat().st_size
        size_s = f"{size / 1e6:.1f}MB" if size >= 100_000 else f"{size / 1e3:.1f}KB"
        said = runs[-1].get("message") or runs[-1].get("stderr") or f"{runs[-1].get('claims', 0)} claims"
        where = runs[-1].get("where", "")
        print(f"{what:58} {size_s:>8} {wall:7.2f} {read:7.3f} {rss:7.0f}  {ended:8} {verdict:8} "
              f"{'PASS' if ok else 'FAIL'}  {where} {said[:60]}", flush=True)
        if not args.no_calamine and not contain:
            calamine_rows.append((what, run("calamine", path, cap_gb=4, timeout=20)))
    print()
    print(f"{len(files) - failures}/{len(files)} PASS" + ("" if not failures else f"  ({failures} FAIL)"))
    if calamine_rows:
        print()
        print("the same files read by python-calamine, each in a throw-away process (4 GB address-space cap, 20 s):")
        for what, r in calamine_rows:
            said = r.get("outcome") or r.get("stderr", "")
            mb = f"{r['rss_mb']:5.0f} MB" if r["ended"] == "exit 0" else f"≤{r['rss_mb']:4.0f} MB"
            print(f"  {what:58} {r['wall']:6.2f} s {mb:>9}  {r['ended']:14} {said[:70]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
