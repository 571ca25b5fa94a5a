"""Office mode: a store on a PostgreSQL server — opening it and every way that fails, a store
copied between engines, a backup of a server store, and an edit made with another program."""
from __future__ import annotations

import os
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from tests.conftest import pg_schema_url
from workbench.core.store import audit
from workbench.core.store.database import Store, StoreError, StoreMissing, StoreTooNew
from workbench.core.store.engine_copy import copy_store, head_of

pytestmark = pytest.mark.skipif(not os.environ.get("WORKBENCH_TEST_PG"),
                                reason="需要测试用的 PostgreSQL 服务器（scripts/test.sh 会启动）")
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def url(request):
    return pg_schema_url(request.node.name)


def _tables(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT COUNT(*) FROM information_schema.tables "
                            "WHERE table_schema = current_schema()").fetchone()[0]


def _demo(cli, tmp_path):
    code, out, err = cli("demo", tmp_path / "demo")
    assert code == 0, err
    return out


def test_the_demo_import_log_and_verify_run_on_the_server(cli, tmp_path, engine):
    out = _demo(cli, tmp_path)
    assert "事项合计：通过 5 项、核减 1 项、不予支持 5 项、人工审核 4 项" in out
    code, out, err = cli("verify-store", "--full")
    assert code == 0, err
    assert "审计日志" in out and "哈希链完整" in out
    code, out, _ = cli("log")
    assert code == 0 and "导入申报" in out


def test_an_edit_made_with_another_program_is_named(cli, tmp_path, engine):
    if engine != "postgresql":
        pytest.skip("SQLite 的同类攻击见 test_trust_coverage")
    _demo(cli, tmp_path)
    with psycopg.connect(str(cli.db)) as conn:
        conn.execute("UPDATE claims SET suggested_cents = suggested_cents * 10 WHERE id = 1")
    code, _, err = cli("verify-store", "--full")
    assert code == 4
    assert "申报事项表第 1 行" in err and "被改动" in err
    # Honest work afterwards does not launder the edit into its own audit entry.
    code, _, err = cli("reviewer", "add", "赵经办", "--role", "经办人", "--as", "王负责")
    code, _, err = cli("verify-store", "--full")
    assert code == 4 and "申报事项表第 1 行" in err


def test_a_store_copied_to_the_server_and_back_keeps_its_chain(tmp_path, url):
    from workbench.cli import main

    src = tmp_path / "store.sqlite"
    assert main(["--db", str(src), "demo", str(tmp_path / "demo")]) == 0
    there = copy_store(src, url)
    assert there.ok and there.source_head == there.dest_head
    assert there.rows["claims"] == 15 and there.rows["audit_log"] == there.source_head[0]
    back = copy_store(url, tmp_path / "back.sqlite")
    assert back.ok and back.dest_head == there.source_head
    with Store.open_existing(tmp_path / "back.sqlite") as s:
        assert audit.verify_store(s).ok
    # The copy on the server is a working store: the next entry continues the same chain.
    with Store.open(url) as s:
        before = head_of(s.db.conn)
        with s.transaction():
            audit.record(s, "王负责", "backup", "store", {"file": "x"})
        after = head_of(s.db.conn)
        assert after[0] == before[0] + 1
        assert audit.verify_store(s).ok


def test_a_copy_only_goes_into_a_new_store(tmp_path, url):
    from workbench.cli import main

    src = tmp_path / "store.sqlite"
    assert main(["--db", str(src), "demo", str(tmp_path / "demo")]) == 0
    copy_store(src, url)
    with pytest.raises(StoreError, match="不是空的"):
        copy_store(src, url)
    with pytest.raises(StoreError, match="已存在"):
        copy_store(url, src)


def test_backup_of_a_server_store_is_a_sqlite_file_that_verifies(cli, tmp_path, engine):
    if engine != "postgresql":
        pytest.skip("SQLite 的备份见 test_backup")
    _demo(cli, tmp_path)
    code, out, err = cli("backup", tmp_path / "b.sqlite", "--as", "张经办")
    assert code == 0, err
    assert "备份件检查通过" in out
    with Store.open_existing(tmp_path / "b.sqlite") as s:
        report = audit.verify_store(s)
        assert report.ok and s.count("claims") == 15


def test_another_programs_database_is_refused_and_left_alone(url):
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE customers (id int)")
    with pytest.raises(StoreError, match="不是工作台的数据库"):
        Store.open(url)
    assert _tables(url) == 1


def test_looking_at_an_empty_database_creates_nothing(url):
    with pytest.raises(StoreMissing):
        Store.open_existing(url)
    assert _tables(url) == 0


def test_a_newer_versions_store_is_read_not_written(url, tmp_path):
    from workbench.cli import main

    assert main(["--db", url, "demo", str(tmp_path / "demo")]) == 0
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO migrations (migration_set, name, applied_at) "
                     "VALUES ('workbench', 'm999_future', 'x')")
        entries = conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    with pytest.raises(StoreTooNew, match="m999_future"):
        Store.open(url)
    with Store.open_readonly(url) as s:
        assert s.unknown_migrations == ["m999_future"]
    assert main(["--db", url, "reviewer", "add", "赵经办", "--role", "经办人", "--as", "王负责"]) == 7
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == entries


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("address", ["postgresql://nobody@127.0.0.1:1/x",
                                     "postgresql://x@no-such-host.invalid/x"])
def test_a_server_that_is_not_there_is_named(address):
    with pytest.raises(StoreError, match="连不上数据库服务器|找不到数据库服务器|无法连接"):
        Store.open(address + "?connect_timeout=2")


def test_a_malformed_address_is_named():
    with pytest.raises(StoreError, match="数据库地址无效|无法连接"):
        Store.open("postgresql://x@/db?sslmode=nonsense")


@pytest.mark.slow
def test_tls_to_the_server_is_verified_against_the_bureau_root(tmp_path, monkeypatch):
    """The bureau root issues the server's certificate (identity issue-server); a client that
    trusts the root connects with verify-full; one that trusts another root, or names the
    server otherwise, is refused; a wrong password is named; none is ever stored."""
    from workbench.cli import main
    from workbench.core.store.pg.opening import PasswordNeeded

    monkeypatch.setenv("WORKBENCH_ROOT_PASSPHRASE", "root-口令-long-enough-1")
    keys, other = tmp_path / "keys", tmp_path / "other"
    assert main(["--db", str(tmp_path / "s.sqlite"), "identity", "init-root", "--keys", str(keys)]) == 0
    assert main(["--db", str(tmp_path / "s.sqlite"), "identity", "init-root", "--keys", str(other)]) == 0
    assert main(["--db", str(tmp_path / "s.sqlite"), "identity", "issue-server", "localhost",
                 "127.0.0.1", "--out", str(tmp_path / "tls"), "--keys", str(keys)]) == 0
    port = _free_port()
    # Under /tmp itself: the server's own user must reach the folder (pytest's are private).
    cluster = Path(tempfile.mkdtemp(prefix="workbench-pg-tls-"))
    env = {**os.environ, "WORKBENCH_PG_TLS": str(tmp_path / "tls"), "WORKBENCH_PG_PORT": str(port),
           "WORKBENCH_PG_PASSWORD": "office-pw-1"}
    subprocess.run(["bash", str(ROOT / "scripts/pg_cluster.sh"), "start", str(cluster)],
                   env=env, check=True, capture_output=True)
    try:
        base = f"postgresql://workbench@localhost:{port}/workbench_test?sslmode=verify-full"
        good = f"{base}&sslrootcert={keys / 'bureau-root.pem'}"
        monkeypatch.delenv("PGPASSWORD", raising=False)
        monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
        with pytest.raises(PasswordNeeded):
            Store.open(good)
        from workbench.core.store.pg.store_open import open_pg

        with pytest.raises(StoreError, match="用户名或密码错误"):
            open_pg(Store, good, "write", password="wrong")
        store = open_pg(Store, good, "write", password="office-pw-1")
        try:
            assert store.db.conn.raw.info.pgconn.ssl_in_use
            assert store.login == "workbench"
        finally:
            store.close()
        with pytest.raises(StoreError, match="加密连接校验失败"):
            open_pg(Store, f"{base}&sslrootcert={other / 'bureau-root.pem'}", "write",
                    password="office-pw-1")
        wrong_name = good.replace("localhost", "127.0.0.2").replace(f"localhost:{port}", "")
        with pytest.raises(StoreError):
            open_pg(Store, wrong_name + "&connect_timeout=2", "write", password="office-pw-1")
    finally:
        subprocess.run(["bash", str(ROOT / "scripts/pg_cluster.sh"), "stop", str(cluster)],
                       env=env, capture_output=True)


def test_verifying_while_another_pc_writes_sees_one_snapshot(url):
    """verify-store reads the log and the tables in one snapshot: entries another connection
    commits meanwhile are never half seen (no false alarm under load)."""
    import threading

    from workbench.core.store.reviewers import add_reviewer

    with Store.open(url) as s:
        add_reviewer(s, "王负责", "负责人")
    stop = threading.Event()
    written = []

    def writer():
        # Rows the log vouches for (reviewers), so a half-seen commit would show.
        with Store.open(url) as s:
            while not stop.is_set():
                add_reviewer(s, f"审核{len(written)}", "经办人", actor="王负责")
                written.append(1)

    t = threading.Thread(target=writer)
    t.start()
    try:
        with Store.open_existing(url) as reader:
            reports = [audit.verify_store(reader, full=True) for _ in range(8)]
    finally:
        stop.set()
        t.join()
    assert written, "the writer wrote nothing while verifying"
    assert all(r.ok for r in reports), [str(r.first) for r in reports if not r.ok]


def test_a_dropped_coverage_trigger_stops_every_write(url):
    """Without its trigger a table's changes would not be vouched for: the store refuses to
    be written rather than record unprotected rows."""
    Store.open(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE decisions DISABLE TRIGGER workbench_cov")
    with pytest.raises(StoreError, match="decisions 表的审计触发器"):
        Store.open(url)
    with Store.open_existing(url) as s:      # looking still works
        assert audit.verify_store(s).ok
