"""A digest of every settle result, to show that a faster engine gives the same bytes.

    PYTHONPATH=<tree> .venv/bin/python bench/settle_digest.py [--store PATH] [--apps 3000]

Settles, with the tree on PYTHONPATH: every golden case (tests/core/golden), every workbook
fixture (tests/fixtures, read and settled against an empty ledger), and `--apps` applications
of bench_settle's generator — as generated, and again damaged (blank, unreadable and
out-of-range inputs, unknown codes, reading problems, fiscal contributions) against usages
with reversed amounts and claims of other open applications — under the shipped rule set
and under every other choice of each rule-set option. With `--store` (bench_settle's
1,000,000-row store) the usages come from `store.usage_for`, and the usages themselves are
digested too.

Every result is written out in full — figures with their exponent (repr of the Decimal),
status, findings with their arguments, the explanation text a reviewer reads and the input
problems — and hashed per part; the script prints one line per part and a total. Two trees
agree when the lines are equal.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import yaml  # noqa: E402

from workbench.core.domain.model import Problem, VoucherPlace  # noqa: E402
from workbench.core.domain.resources import resource_path  # noqa: E402
from workbench.core.rules.ruleset import default_ruleset, load_ruleset  # noqa: E402
from workbench.core.rules.settle import input_problems, settle_application  # noqa: E402
from workbench.core.rules.usage import Usage  # noqa: E402

TESTS = ROOT / "tests"


def _result_text(results) -> str:
    out = []
    for r in results:
        out.append(repr((r.line, r.row, r.code, r.project, r.requested, r.computed, r.suggested,
                         r.status, r.article, r.rule_set)))
        for f in r.findings:
            out.append("  " + repr(tuple(f)))
        for line in r.explanation:
            out.append("  | " + line)
    for p in input_problems(results):
        out.append("  ! " + repr((p.where, p.message)))
    return "\n".join(out)


def _usage_text(u: Usage) -> str:
    return repr((sorted((repr(k), repr(v)) for k, v in u.totals.items()),
                 sorted((repr(k), repr(v)) for k, v in u.year_totals.items()),
                 sorted((repr(k), repr(v)) for k, v in u.reversed.items()),
                 sorted((k, [repr(p) for p in v]) for k, v in u.vouchers.items()),
                 sorted((repr(k), v) for k, v in u.shared.items())))


class Parts:
    def __init__(self) -> None:
        self.hashes: dict[str, hashlib._Hash] = {}
        self.counts: dict[str, int] = {}

    def add(self, part: str, text: str, n: int = 1) -> None:
        h = self.hashes.setdefault(part, hashlib.sha256())
        h.update(text.encode("utf-8"))
        h.update(b"\n\x00\n")
        self.counts[part] = self.counts.get(part, 0) + n

    def report(self) -> str:
        total = hashlib.sha256()
        lines = []
        for part in sorted(self.hashes):
            d = self.hashes[part].hexdigest()
            total.update(f"{part}:{d}".encode())
            lines.append(f"{part:<34} {self.counts[part]:>8} {d[:32]}")
        lines.append(f"{'TOTAL':<34} {sum(self.counts.values()):>8} {total.hexdigest()[:32]}")
        return "\n".join(lines)


def rule_sets(tmp: Path):
    """The shipped rule set, then one per other choice of each option."""
    yield "default", default_ruleset()
    body = resource_path("rules", "gm-sensor-2023.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(body)
    for name, opt in data["options"].items():
        for choice in opt["choices"]:
            if choice == opt["choice"]:
                continue
            text = body.replace(f"choice: {opt['choice']}", f"choice: {choice}", 1)
            p = tmp / f"{name}-{choice}.yaml"
            p.write_text(text.replace("GM-SENSOR-2023.1", f"GM-SENSOR-2023.1-{choice}"), encoding="utf-8")
            yield f"{name}={choice}", load_ruleset(p)


def golden(parts: Parts, rules_name: str, rules) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.core import golden_runner

    orig = golden_runner.default_ruleset
    golden_runner.default_ruleset = lambda: rules
    try:
        for path in sorted((TESTS / "core" / "golden").glob("*.yaml")):
            for case in yaml.safe_load(path.read_text(encoding="utf-8")):
                parts.add(f"golden/{rules_name}", f"{path.stem}:{case['name']}\n"
                          + _result_text(golden_runner.run_case(case)))
    finally:
        golden_runner.default_ruleset = orig


def fixtures(parts: Parts, rules_name: str, rules) -> None:
    from workbench.core.intake.submission import read_application

    for path in sorted(TESTS.glob("fixtures/**/*.xlsx")):
        app = read_application(path)
        parts.add(f"fixtures/{rules_name}", f"{path.name}\n"
                  + _result_text(settle_application(app, rules, Usage(rules))))


def damage(app, i: int) -> None:
    """Deterministic damage to some claims of application i (every kind of input problem)."""
    for k, c in enumerate(app.claims):
        roll = (i * 7 + k * 13) % 29
        if roll == 0:
            c.basis = None
        elif roll == 1:
            c.code = None
            c.raw_code = "" if k % 2 else "99.9 不存在"
        elif roll == 2:
            c.project = "  "
        elif roll == 3:
            c.level = "国际标准" if c.level else c.level
            c.months = 13 if c.months else c.months
            c.installment = 5 if c.installment else c.installment
        elif roll == 4:
            c.problems.append(Problem(c.cell("basis"), "“abc”不是数字"))
            c.basis = None
        elif roll == 5:
            c.cells.pop("requested", None)
        elif roll == 6:
            c.line = None
        elif roll == 7:
            c.voucher = app.claims[0].voucher
        elif roll == 8:
            c.previous = c.basis
    if app.applicant is not None:
        if i % 5 == 0:
            app.applicant.fiscal_contribution = Decimal(str(100_000 + 37 * i))
        if i % 11 == 0:
            app.applicant.year = 2019
        if i % 13 == 0:
            app.applicant.credit_code = app.applicant.credit_code[:-1] + "0"


def spice(usage: Usage, app, i: int) -> None:
    """Reversed amounts and other open applications' claims under the application's caps."""
    a = app.applicant
    for k, c in enumerate(app.claims[:4]):
        if not c.code:
            continue
        amount = Decimal(str(1000 * (k + 1) + i % 97)) / 100
        usage.add_row(c.code, a.credit_code, a.year - 1, c.project_key, c.product_key, c.installment,
                      c.voucher_key, -amount if k % 2 else amount, amount if k % 2 else Decimal("0.00"))
    usage.add_open_claims([(i + 1, f"其他{i}.xlsx", a.year, 3, c.code, c.project_key, c.product_key,
                            c.voucher_key, c.installment, 12345 if k % 2 else None)
                           for k, c in enumerate(app.claims[:3]) if c.code], a.credit_code, i)
    usage.add_voucher(app.claims[-1].voucher_key, VoucherPlace("application", f"已导入申报 其他 第{i}行"))


def bench_apps(parts: Parts, rules_name: str, rules, n: int, store) -> None:
    import bench_settle

    for damaged in (False, True):
        tag = f"bench{'-damaged' if damaged else ''}/{rules_name}"
        for i in range(n):
            app = bench_settle.application(i, 20_000, 1_000_000)
            if damaged:
                damage(app, i)
            if store is not None:
                usage = store.usage_for(app, rules)
                parts.add(f"usage{'-damaged' if damaged else ''}/{rules_name}", _usage_text(usage))
            else:
                usage = Usage(rules)
            if damaged:
                spice(usage, app, i)
            parts.add(tag, _result_text(settle_application(app, rules, usage)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path)
    ap.add_argument("--apps", type=int, default=3000)
    args = ap.parse_args()
    import workbench
    print(f"tree: {Path(workbench.__file__).parent.parent}")
    store = None
    if args.store:
        from workbench.core.store.database import Store
        store = Store.open_readonly(args.store)
    parts = Parts()
    with tempfile.TemporaryDirectory() as tmp:
        for name, rules in rule_sets(Path(tmp)):
            golden(parts, name, rules)
            fixtures(parts, name, rules)
            bench_apps(parts, name, rules, args.apps, store)
    print(parts.report())
    if store is not None:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
