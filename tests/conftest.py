"""Shared fixtures. Qt must be told to run offscreen before anything imports it."""
import os
import re

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


# Office mode: with WORKBENCH_TEST_PG set (scripts/test.sh starts a throwaway cluster), the
# `store` and `cli` fixtures run every test that uses them on both engines, each PostgreSQL test
# in a schema of its own. A test about the SQLite file itself is marked `sqlite_only`.
ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("WORKBENCH_TEST_PG") else [])


def pg_schema_url(name: str) -> str:
    """A fresh, empty schema on the test server, and the address that works in it."""
    import psycopg

    base = os.environ["WORKBENCH_TEST_PG"]
    schema = "t_" + re.sub(r"\W", "_", name)[-40:].lower() + "_" + os.urandom(3).hex()
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=ENGINES)
def engine(request):
    if request.param == "postgresql" and request.node.get_closest_marker("sqlite_only"):
        pytest.skip("只针对 SQLite 数据库文件")
    return request.param


@pytest.fixture
def store_at(engine, tmp_path, request):
    """Where this test's store lives: a SQLite file, or an address on the test server."""
    if engine == "postgresql":
        return pg_schema_url(request.node.name)
    return tmp_path / "store.sqlite"


@pytest.fixture
def cli(store_at, capsys):
    """The command line on a store of this test's own: cli(*argv) -> (status, stdout, stderr);
    arguments may be paths or numbers. cli.db is the store's path (or server address)."""
    from workbench.cli import main

    db = store_at

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
def store(store_at):
    from workbench.core.store.database import Store

    s = Store.open(store_at)
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
