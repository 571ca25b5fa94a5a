"""Office mode: every audit entry written on a PostgreSQL store records the database login
beside the reviewer; a SQLite store's entries stay exactly as they were (no login, same hash)."""
from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pytest

from tests.core.review_support import FIRST, SECOND, add_reviewers, write_app
from workbench.core.review import batches
from workbench.core.review import decisions as review
from workbench.core.store import audit
from workbench.core.store.database import Store


def _server_user() -> str:
    return urlsplit(os.environ["WORKBENCH_TEST_PG"]).username or ""


def test_entries_name_the_login_on_a_server_and_nothing_on_a_file(store, engine, tmp_path):
    add_reviewers(store)
    batches.import_files(store, "2025-1", [write_app(tmp_path / "in", 1)], FIRST)
    claim = review.claims(store, 1)[0].claim_id
    review.decide(store, FIRST, claim, "accept")
    e = audit.record(store, SECOND, "export", "batch:2025-1", {"file": "汇总表.xlsx"})
    everything = audit.entries(store)
    if engine == "postgresql":
        assert store.login == _server_user() != ""
        assert e.details == {"file": "汇总表.xlsx", "login": store.login}
        assert all(x.details.get("login") == store.login for x in everything)
        # The login is part of what the entry's hash covers.
        assert e.hash == audit.entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.subject,
                                          {"file": "汇总表.xlsx", "login": store.login})
    else:
        assert store.login == ""
        assert e.details == {"file": "汇总表.xlsx"}
        assert not any("login" in x.details for x in everything)
        assert e.hash == audit.entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.subject,
                                          {"file": "汇总表.xlsx"})
    assert audit.verify_store(store).ok


def test_two_logins_on_one_store_each_named_in_its_entries(store, engine, store_at, tmp_path):
    if engine != "postgresql":
        pytest.skip("数据库登录只在办公室模式（PostgreSQL）中有")
    import psycopg

    add_reviewers(store)
    schema = re.search(r"search_path%3D(\w+)", str(store_at)).group(1)
    role = "wb_" + schema[-12:]
    base = os.environ["WORKBENCH_TEST_PG"]
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        try:
            for grant in (f'USAGE ON SCHEMA "{schema}"', f'ALL ON ALL TABLES IN SCHEMA "{schema}"',
                          f'ALL ON ALL SEQUENCES IN SCHEMA "{schema}"'):
                admin.execute(f'GRANT {grant} TO "{role}"')
            other_url = str(store_at).replace(f"//{_server_user()}@", f"//{role}@")
            with Store.open(other_url) as other:
                assert other.login == role
                batches.import_files(other, "2025-1", [write_app(tmp_path / "in", 1)], SECOND)
            audit.record(store, FIRST, "export", "batch:2025-1", {"file": "汇总表.xlsx"})
            logins = [(e.actor, e.action, e.details["login"]) for e in audit.entries(store)]
            assert (SECOND, "import", role) in logins
            assert logins[-1] == (FIRST, "export", _server_user())
            assert audit.verify_store(store).ok
        finally:
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE "{role}"')
