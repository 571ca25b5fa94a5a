"""Shared fixtures. Qt must be told to run offscreen before anything imports it."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from decimal import Decimal  # noqa: E402

import pytest  # noqa: E402

from workbench.core.domain.credit_code import check_digit  # noqa: E402


def make_credit_code(n: int, *, valid: bool = True) -> str:
    """A well-formed 统一社会信用代码 (91 + 440300 + 9 digits + check digit)."""
    base = f"91440300{n:09d}"
    digit = check_digit(base)
    if not valid:  # the right shape, the wrong check digit
        digit = "0" if digit != "0" else "1"
    return base + digit


@pytest.fixture(autouse=True)
def _verified_marks(tmp_path_factory, monkeypatch):
    """Marks of full verifications (core/verified.py) go to a folder of each test's own."""
    monkeypatch.setenv("WORKBENCH_VERIFIED", str(tmp_path_factory.mktemp("verified")))


@pytest.fixture
def cli(tmp_path, capsys):
    """The command line on a store of this test's own: cli(*argv) -> (status, stdout, stderr);
    arguments may be paths or numbers. cli.db is the store's path."""
    from workbench.cli import main

    db = tmp_path / "store.sqlite"

    def go(*argv):
        code = main(["--db", str(db), *map(str, argv)])
        out = capsys.readouterr()
        return code, out.out, out.err
    go.db = db
    return go


@pytest.fixture
def credit_code():
    return make_credit_code


@pytest.fixture
def rules():
    from workbench.core.rules.ruleset import default_ruleset

    return default_ruleset()


@pytest.fixture
def store(tmp_path):
    from workbench.core.store.database import Store

    s = Store.open(tmp_path / "store.sqlite")
    yield s
    s.close()


@pytest.fixture
def award():
    """A LedgerAward factory with sensible defaults."""
    from workbench.core.domain.model import LedgerAward

    def make(**kw):
        values = dict(credit_code=make_credit_code(1), name="深圳光明传感科技有限公司", year=2024,
                      code="3.1", project="MEMS封测平台", product="", voucher="HT-2024-001",
                      installment=None, amount=Decimal("1000000.00"), doc_no="深光工信〔2024〕1号")
        values.update(kw)
        if not isinstance(values["amount"], Decimal):
            values["amount"] = Decimal(str(values["amount"]))
        return LedgerAward(**values)

    return make
