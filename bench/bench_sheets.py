"""Produce and sign review sheets at scale, with the signing key loaded once.

    .venv/bin/python bench/bench_sheets.py [--n 1000] [--claims 3] [--out DIR] [--profile]
                                           [--workers W]

For each of N generated applications: build the sheet (render_sheet) and write it, then sign it
as 经办人 into its field and write the signed file. Prints the median milliseconds per sheet
for: render only (the sheet without signing), sign only, and render+sign (the goal is ≤ 25 ms
per sheet), one sheet after another in one process; and the median file sizes. Then, as a
separate figure that is not the goal's, the throughput of the same work spread over W worker
processes (default: one per CPU; each loads the key once; 0 skips it). --profile prints where
the time goes (cProfile, top functions by own time).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.core.domain.money import q2  # noqa: E402
from workbench.core.pdf.fonts import find_cjk_font  # noqa: E402
from workbench.core.pdf.sheet_data import CapLine, SheetClaim, SheetData  # noqa: E402
from workbench.core.pdf.sheet_pdf import render_sheet  # noqa: E402
from workbench.core.signing import sheet_verify as V  # noqa: E402
from workbench.core.signing import signer as S  # noqa: E402

GOAL_MS = 25.0
_CODES = [("3.1", "（三）", "先进封测服务平台建设", Decimal("0.40"), Decimal("10000000")),
          ("6.1", "（六）", "首轮流片", Decimal("0.30"), Decimal("3000000")),
          ("10", "（十）", "智能传感器产业园区租金", None, Decimal("2000000")),
          ("12.1", "（十二）", "自主芯片或模组销售", Decimal("0.20"), Decimal("5000000"))]


# Characters of enterprise and project names: every sheet gets its own, as real applicants do,
# so that no two sheets draw exactly the same set of characters.
_NAME_CHARS = ("华为兴创维汇顶芯源微纳光电传感精密仪器半导体集成电路智造新材料激光显示通信网络数据"
               "信息软件系统工程自动化机器人医疗电池能源环保生物医药学声力热敏压磁性红外超气湿温"
               "流量加速陀螺惯导航定位视觉图像识别算法边缘计云端物联测控检验封装晶圆模组驱动")


def _words(rng: random.Random, k: int) -> str:
    return "".join(rng.choice(_NAME_CHARS) for _ in range(k))


def sheet(n: int, claims: int, rng: random.Random) -> SheetData:
    company = _words(rng, 4)
    items = []
    for line in range(1, claims + 1):
        code, article, title, rate, limit = _CODES[(n + line) % len(_CODES)]
        basis = Decimal(rng.randrange(100_000, 40_000_000)) + Decimal("0.50")
        computed = q2(basis * (rate or Decimal("0.01")))
        used = Decimal(rng.randrange(0, int(limit)))
        left = limit - used
        suggested = min(computed, left)
        overridden = line == 2 and n % 5 == 0
        approved = q2(suggested * Decimal("0.9")) if overridden else suggested
        items.append(SheetClaim(
            line=line, code=code, article=article, rule_title=title,
            project=f"{company}{_words(rng, 6)}项目 {n}-{line}",
            inputs=[("计算基数（元）", f"{basis:,.2f}"), ("凭证编号", f"HT-{n:05d}-{line}")],
            requested=None, computed=computed, suggested=suggested, approved=approved,
            status="reduce" if suggested < computed else "approve",
            decision="调整金额" if overridden else "同意建议",
            reason="按专家评审意见核减" if overridden else "", overridden=overridden,
            caps=[CapLine("项目累计上限", limit, used, left, suggested < computed)],
            explanation=[f"依据条款{article}{title}：按规定比例给予补贴（规则集 GM-SENSOR-2023.1）",
                         f"计算基数 {basis:,.2f} × 比例 = {computed:,.2f}",
                         f"项目累计上限 {limit:,.2f}，已获 {used:,.2f}，剩余 {left:,.2f}",
                         f"建议 {suggested:,.2f}"],
        ))
    return SheetData(
        batch="2025年第一批", doc_no="深光工信〔2025〕12号",
        applicant_name=f"深圳市{company}智能传感科技有限公司",
        credit_code="91440300MA5G0XXXXX", year=2025, rule_set="GM-SENSOR-2023.1",
        sheet_date=date(2025, 6, 1), claims=items, contact=f"{_words(rng, 2)}工",
        phone="0755-21000000", address=f"深圳市光明区{_words(rng, 2)}街道{n % 97 + 1}号",
        issuer="深圳市光明区工业和信息化局",
        remarks=f"申报编号 {n}；审核阶段：已审定")


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.1f} ms"


_worker: dict = {}


def _pool_init(p12: str, passphrase: str) -> None:
    _worker["identity"] = S.load_identity(p12, passphrase)     # once per worker process
    _worker["font"] = find_cjk_font()


def _pool_sheet(job: tuple[int, SheetData, str]) -> int:
    i, data, folder = job
    font = _worker["font"]
    pdf = render_sheet(data, font=font)
    path = Path(folder) / f"审核表-{i:05d}.pdf"
    path.write_bytes(pdf)
    return S.sign_sheet(pdf, path, _worker["identity"], font=font).size


def pool_throughput(datas: list[SheetData], workers: int, p12: Path, folder: Path) -> float:
    """Seconds for render+sign of all sheets spread over worker processes (start-up excluded)."""
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(workers, initializer=_pool_init,
                             initargs=(str(p12), "Gm-handler-2026!")) as pool:
        list(pool.map(_pool_sheet, [(i, d, str(folder)) for i, d in
                                    enumerate(datas[:workers * 2])]))       # warm every worker
        start = time.perf_counter()
        list(pool.map(_pool_sheet, [(i, d, str(folder)) for i, d in enumerate(datas)],
                      chunksize=8))
        return time.perf_counter() - start


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--claims", type=int, default=3)
    p.add_argument("--out", type=Path, default=None, help="where the sheets go (default: temp)")
    p.add_argument("--profile", action="store_true")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="worker processes for the throughput line (0: skip it)")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-sheets-"))
    out = args.out or work / "sheets"
    out.mkdir(parents=True, exist_ok=True)
    root = S.create_bureau_root(work / "pki", passphrase="Gm-root-2026!")
    S.issue_identity(root, "王经办", "handler", "Gm-handler-2026!", work / "handler.p12")
    try:        # the bureau-local time-stamping identity (every signature is time-stamped)
        from workbench.core.signing.timestamping import issue_tsa, tsa_path

        issue_tsa(root, "王经办", b"Gm-handler-2026!", tsa_path(work / "handler.p12"))
    except ImportError:     # an earlier version, for before/after figures
        pass

    t = time.perf_counter()
    identity = S.load_identity(work / "handler.p12", "Gm-handler-2026!")      # once, for every sheet
    font = find_cjk_font()
    load_s = time.perf_counter() - t
    rng = random.Random(7)
    datas = [sheet(i, args.claims, rng) for i in range(args.n)]

    # Warm-up: the first sheet parses the font and imports the modules.
    first = render_sheet(datas[0], font=font)
    S.sign_sheet(first, io.BytesIO(), identity, font=font)

    prof = cProfile.Profile() if args.profile else None
    render_t, sign_t, both_t = [], [], []
    sizes, signed_sizes = [], []
    render_c, sign_c, both_c = [], [], []           # CPU time: steadier on a shared machine
    start = time.perf_counter()
    if prof:
        prof.enable()
    for i, data in enumerate(datas):
        t0, c0 = time.perf_counter(), time.process_time()
        pdf = render_sheet(data, font=font)
        path = out / f"审核表-{i:05d}.pdf"
        path.write_bytes(pdf)
        t1, c1 = time.perf_counter(), time.process_time()
        signed = S.sign_sheet(pdf, path, identity, font=font)
        t2, c2 = time.perf_counter(), time.process_time()
        sizes.append(len(pdf))
        signed_sizes.append(signed.size)
        render_t.append(t1 - t0)
        sign_t.append(t2 - t1)
        both_t.append(t2 - t0)
        render_c.append(c1 - c0)
        sign_c.append(c2 - c1)
        both_c.append(c2 - c0)
    if prof:
        prof.disable()
    wall = time.perf_counter() - start

    check = V.verify_sheet(out / "审核表-00000.pdf", root)
    from reportlab.lib import rl_accel
    accel = "有" if type(rl_accel.fp_str).__name__ == "builtin_function_or_method" else "无"
    print(f"{args.n} 份审核表（每份 {args.claims} 项），签名证书加载一次（{load_s * 1000:.0f} ms），"
          f"字体 {font.label}，reportlab C 加速（rl_accel）：{accel}")
    print("  中位数（每份）      墙钟        CPU")
    print(f"  仅生成（不签名）  {ms(render_t)}  {ms(render_c)}")
    print(f"  仅签名            {ms(sign_t)}  {ms(sign_c)}")
    print(f"  生成并签名        {ms(both_t)}  {ms(both_c)}   目标 ≤ {GOAL_MS:.0f} ms："
          + ("达到" if statistics.median(both_t) * 1000 <= GOAL_MS else "未达到"))
    print(f"  合计 {wall:.1f} s；抽查第一份验证：{'通过' if check.ok else '未通过'}")
    print(f"  文件大小中位数：审核表 {statistics.median(sizes) / 1024:.1f} KB，"
          f"签署后 {statistics.median(signed_sizes) / 1024:.1f} KB")
    if args.workers > 0:
        secs = pool_throughput(datas, args.workers, work / "handler.p12", out / "pool")
        print(f"  另：吞吐量（{args.workers} 个进程并行，不是上面的每份中位数）："
              f"{args.n / secs:.0f} 份/秒，平均每份 {secs / args.n * 1000:.1f} ms 墙钟")
    if prof:
        stats = pstats.Stats(prof)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(40)
    return 0 if check.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
