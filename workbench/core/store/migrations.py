"""Schema versions of the store, applied in order when a store opens.

Each migration is a named function, recorded in the `migrations` table (name + applied_at)
once it has run, so a store opened by a newer workbench catches up and an up-to-date store is
left alone. Store.open applies every pending migration inside one BEGIN IMMEDIATE
transaction: a store is never left half-migrated, and two workbenches opening the same new
file one after the other do not both create the tables.

To change the schema, append a new function at the END of this module:

    @migrations()
    def m002_decisions(db):
        db.execute("CREATE TABLE decisions (…)")

Never edit or reorder a migration that has shipped: stores in the field have recorded it by
name and will not run it again. Amounts are INTEGER cents (exact SUMs), never REAL.
"""
from __future__ import annotations

from typing import Any

from sqlite_utils import Database, Migrations

__all__ = ["migrations", "StoreMigrations", "MIGRATIONS_TABLE"]

MIGRATIONS_TABLE = "migrations"


class StoreMigrations(Migrations):
    # A plain, documented name: the bureau's own scripts may look at it.
    migrations_table = MIGRATIONS_TABLE

    # PostgreSQL (office mode): the same list, recorded in the same table, applied by hand
    # (sqlite-utils' own bookkeeping speaks only SQLite).
    def applied(self, db: Database) -> list[Migrations._AppliedMigration]:
        if not _on_pg(db):
            return super().applied(db)
        conn = db.conn
        if not conn.execute(f"SELECT to_regclass('{MIGRATIONS_TABLE}') IS NOT NULL").fetchone()[0]:
            return []
        return [self._AppliedMigration(name=r[0], applied_at=r[1]) for r in conn.execute(
            f"SELECT name, applied_at FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
            [self.name])]

    def apply(self, db: Database, *, stop_before: Any = None) -> None:
        if not _on_pg(db):
            super().apply(db, stop_before=stop_before)
            return
        from datetime import UTC, datetime

        from workbench.core.store import coverage
        from workbench.core.store.pg import support

        conn = db.conn
        support.install_functions(conn)
        conn.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (migration_set TEXT NOT NULL, "
                     "name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (migration_set, name))")
        for m in self.pending(db):
            m.fn(db)
            conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (migration_set, name, applied_at) VALUES (?, ?, ?)",
                         [self.name, m.name, str(datetime.now(UTC))])
        support.ensure_triggers(conn, coverage.covered_tables(conn))

    def unknown(self, db: Database) -> list[str]:
        """Migrations the store records that this workbench does not have: a newer
        workbench wrote it, and writing with an older schema's code could corrupt it."""
        known = {m.name for m in self.pending(Database(memory=True))}
        return [m.name for m in self.applied(db) if m.name not in known]


def _on_pg(db: Any) -> bool:
    return getattr(getattr(db, "conn", None), "dialect", "") == "postgresql"


migrations = StoreMigrations("workbench")


def _run(db: Database, script: str) -> None:
    # db.execute joins the open transaction; executescript would commit it.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m001_ledger_applications_claims(db: Database) -> None:
    _run(db, """
    CREATE TABLE ledger (
        id            INTEGER PRIMARY KEY,
        credit_code   TEXT NOT NULL,
        name          TEXT NOT NULL,
        year          INTEGER NOT NULL,
        code          TEXT NOT NULL,
        project       TEXT NOT NULL DEFAULT '',
        project_key   TEXT NOT NULL DEFAULT '',
        product       TEXT NOT NULL DEFAULT '',
        product_key   TEXT NOT NULL DEFAULT '',
        voucher       TEXT NOT NULL DEFAULT '',
        voucher_key   TEXT NOT NULL DEFAULT '',
        installment   INTEGER,
        amount_cents  INTEGER NOT NULL,
        doc_no        TEXT NOT NULL DEFAULT '',
        source        TEXT NOT NULL DEFAULT '',
        source_row    INTEGER,
        row_key       TEXT NOT NULL UNIQUE,
        imported_at   TEXT NOT NULL
    );
    CREATE INDEX idx_ledger_credit_code ON ledger(credit_code);
    CREATE INDEX idx_ledger_voucher_key ON ledger(voucher_key);

    CREATE TABLE applications (
        id                         INTEGER PRIMARY KEY,
        file_hash                  TEXT,
        source                     TEXT NOT NULL DEFAULT '',
        credit_code                TEXT NOT NULL,
        name                       TEXT NOT NULL,
        year                       INTEGER NOT NULL,
        in_district                INTEGER NOT NULL,
        fiscal_contribution_cents  INTEGER,
        applicant                  TEXT NOT NULL,
        rule_set                   TEXT NOT NULL,
        imported_at                TEXT NOT NULL,
        batch                      TEXT
    );
    CREATE UNIQUE INDEX idx_applications_file_hash ON applications(file_hash);
    CREATE INDEX idx_applications_credit_code ON applications(credit_code);

    CREATE TABLE claims (
        id               INTEGER PRIMARY KEY,
        application_id   INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        row              INTEGER NOT NULL,
        line             INTEGER,
        code             TEXT,
        raw_code         TEXT NOT NULL DEFAULT '',
        project          TEXT NOT NULL DEFAULT '',
        project_key      TEXT NOT NULL DEFAULT '',
        product          TEXT NOT NULL DEFAULT '',
        product_key      TEXT NOT NULL DEFAULT '',
        voucher          TEXT NOT NULL DEFAULT '',
        voucher_key      TEXT NOT NULL DEFAULT '',
        inputs           TEXT NOT NULL,
        problems         TEXT NOT NULL DEFAULT '[]',
        requested_cents  INTEGER,
        computed_cents   INTEGER,
        suggested_cents  INTEGER,
        status           TEXT NOT NULL CHECK (status IN ('approve', 'reduce', 'reject', 'manual')),
        findings         TEXT NOT NULL,
        explanation      TEXT NOT NULL DEFAULT '[]',
        article          TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX idx_claims_application ON claims(application_id);
    CREATE INDEX idx_claims_voucher_key ON claims(voucher_key);
    """)


@migrations()
def m002_review_workflow(db: Database) -> None:
    # The review workflow (review.py, batches.py, audit.py, awards.py, budget.py):
    # reviewers, batches, stages, decisions, amendments, budgets and the hash-chained audit log.
    # `audit_seq` columns name the audit entry that wrote the row, so verify-store can check
    # the tables against the log (audit.py explains the chain).
    _run(db, """
    CREATE TABLE audit_log (
        seq        INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        actor      TEXT NOT NULL,
        action     TEXT NOT NULL,
        subject    TEXT NOT NULL,
        details    TEXT NOT NULL,
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL UNIQUE
    );
    CREATE INDEX idx_audit_subject ON audit_log(subject);

    CREATE TABLE reviewers (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        role        TEXT NOT NULL,
        active      INTEGER NOT NULL DEFAULT 1,
        created_at  TEXT NOT NULL,
        audit_seq   INTEGER
    );

    CREATE TABLE batches (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        note        TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL,
        audit_seq   INTEGER
    );

    ALTER TABLE applications ADD COLUMN stage TEXT NOT NULL DEFAULT 'imported'
        CHECK (stage IN ('imported', 'first_done', 'second_done', 'finalized'));
    ALTER TABLE applications ADD COLUMN stage_seq INTEGER;
    ALTER TABLE applications ADD COLUMN first_reviewer TEXT;
    ALTER TABLE applications ADD COLUMN second_reviewer TEXT;
    ALTER TABLE applications ADD COLUMN finalized_by TEXT;
    ALTER TABLE applications ADD COLUMN finalized_at TEXT;
    ALTER TABLE applications ADD COLUMN doc_no TEXT;
    CREATE INDEX idx_applications_batch ON applications(batch);
    CREATE INDEX idx_applications_stage ON applications(stage);

    CREATE TABLE stage_history (
        id              INTEGER PRIMARY KEY,
        application_id  INTEGER NOT NULL,
        from_stage      TEXT NOT NULL,
        to_stage        TEXT NOT NULL,
        action          TEXT NOT NULL,
        actor           TEXT NOT NULL,
        reason          TEXT NOT NULL DEFAULT '',
        at              TEXT NOT NULL,
        audit_seq       INTEGER NOT NULL
    );
    CREATE INDEX idx_stage_history_app ON stage_history(application_id);

    CREATE TABLE decisions (
        claim_id         INTEGER PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
        application_id   INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
        kind             TEXT NOT NULL CHECK (kind IN ('accept', 'amount', 'reject')),
        approved_cents   INTEGER NOT NULL CHECK (approved_cents >= 0),
        suggested_cents  INTEGER,
        reason           TEXT NOT NULL DEFAULT '',
        override_reason  TEXT NOT NULL DEFAULT '',
        override         INTEGER NOT NULL DEFAULT 0,
        explicit         INTEGER NOT NULL DEFAULT 1,
        source           TEXT NOT NULL DEFAULT 'reviewer',
        actor            TEXT NOT NULL,
        at               TEXT NOT NULL,
        audit_seq        INTEGER NOT NULL
    );
    CREATE INDEX idx_decisions_app ON decisions(application_id);

    CREATE TABLE amendments (
        id               INTEGER PRIMARY KEY,
        claim_id         INTEGER NOT NULL REFERENCES claims(id),
        application_id   INTEGER NOT NULL REFERENCES applications(id),
        old_cents        INTEGER NOT NULL,
        new_cents        INTEGER NOT NULL,
        reason           TEXT NOT NULL,
        override_reason  TEXT NOT NULL DEFAULT '',
        override         INTEGER NOT NULL DEFAULT 0,
        doc_no           TEXT NOT NULL,
        actor            TEXT NOT NULL,
        at               TEXT NOT NULL,
        audit_seq        INTEGER NOT NULL
    );
    CREATE INDEX idx_amendments_claim ON amendments(claim_id);

    CREATE TABLE budgets (
        batch       TEXT NOT NULL,
        article     TEXT NOT NULL DEFAULT '',
        amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
        set_by      TEXT NOT NULL,
        at          TEXT NOT NULL,
        audit_seq   INTEGER NOT NULL,
        PRIMARY KEY (batch, article)
    );

    CREATE TABLE replacements (
        id               INTEGER PRIMARY KEY,
        batch            TEXT NOT NULL,
        credit_code      TEXT NOT NULL,
        old_application  INTEGER NOT NULL,
        old_file_hash    TEXT,
        old_source       TEXT NOT NULL DEFAULT '',
        new_application  INTEGER NOT NULL,
        reason           TEXT NOT NULL,
        actor            TEXT NOT NULL,
        at               TEXT NOT NULL,
        audit_seq        INTEGER NOT NULL
    );

    ALTER TABLE ledger ADD COLUMN entry TEXT NOT NULL DEFAULT 'import'
        CHECK (entry IN ('import', 'award', 'reversal', 'correction'));
    ALTER TABLE ledger ADD COLUMN claim_id INTEGER;
    ALTER TABLE ledger ADD COLUMN batch TEXT;
    ALTER TABLE ledger ADD COLUMN override INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE ledger ADD COLUMN audit_seq INTEGER;
    ALTER TABLE ledger ADD COLUMN row_hash TEXT;
    CREATE INDEX idx_ledger_claim ON ledger(claim_id);
    """)


@migrations()
def m003_row_coverage(db: Database) -> None:
    # Row coverage (coverage.py): the hash of every covered row as each audit entry left it,
    # and log_head, the last entry's seq and hash (a log cut off at the end is found even
    # when the entries cut off vouched for no rows).
    # A store that already holds rows has them vouched for by one entry, as they are now.
    _run(db, """
    CREATE TABLE row_hashes (
        tbl   TEXT NOT NULL,
        rid   INTEGER NOT NULL,
        seq   INTEGER NOT NULL,
        hash  TEXT,
        PRIMARY KEY (tbl, rid, seq)
    );
    CREATE INDEX idx_row_hashes_seq ON row_hashes(seq);
    CREATE TABLE log_head (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        seq   INTEGER NOT NULL,
        hash  TEXT NOT NULL
    );
    INSERT INTO log_head (id, seq, hash)
        SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1
    """)
    from workbench.core.store import audit, coverage

    conn = db.conn
    if any(conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()
           for t in coverage.covered_tables(conn)):
        audit.seal_rows(conn, "工作台升级", "为升级前已有的数据登记哈希（此前的改动由原有审计链核对）")


@migrations()
def m004_facts_as_facts(db: Database) -> None:
    # Facts, not words (facts_upgrade.py): the rules' input problems typed, claims.explanation
    # dropped (explanations are worded from the findings when shown), and `sheets`, linking a
    # sheet file's sha256 to its application, filled once from the audit log. The rows it
    # rewrites or adds are vouched for by one audit entry.
    from workbench.core.store.facts_upgrade import upgrade

    upgrade(db.conn, lambda script: _run(db, script))


@migrations()
def m005_window_indexes(db: Database) -> None:
    # The window lists a batch of up to a million claims a page at a time (claim_window):
    # SQLite walks one of these indexes in the order asked for and stops after a page, instead
    # of sorting every claim. Each index on claims costs every stored claim an insert, so only
    # the orders a reviewer uses most have one (amounts requested and suggested, project, claim
    # code); the others sort in SQLite. The code's index is on the expression the window
    # orders by (claim_window.CODE_ORDER_SQL, spelt out here so that this migration never
    # changes). The applications' index by batch and name holds what a long list shows before
    # its totals (listing.application_heads), so that the big applicant column is not read.
    _run(db, """
    CREATE INDEX idx_claims_suggested ON claims(suggested_cents, application_id);
    CREATE INDEX idx_claims_requested ON claims(requested_cents, application_id);
    CREATE INDEX idx_claims_project ON claims(project, application_id);
    CREATE INDEX idx_claims_code_order ON claims(
        CASE WHEN code IS NULL OR code = '' THEN 2 WHEN (code GLOB '[0-9]*' AND NOT code
        GLOB '*[^0-9.]*' AND NOT code GLOB '*..*' AND NOT code GLOB '*.') THEN 0 ELSE 1 END,
        CAST(code AS INTEGER),
        CASE WHEN instr(code, '.') THEN CAST(substr(code, instr(code, '.') + 1) AS INTEGER)
        ELSE -1 END,
        code, application_id);
    CREATE INDEX idx_applications_batch_name ON applications(batch, name, id, year, stage, credit_code, source);
    CREATE INDEX idx_applications_name ON applications(name)
    """)


@migrations()
def m006_ledger_usage_index(db: Database) -> None:
    # usage_for reads every ledger row of an applicant (Usage.add_ledger_rows): with the
    # columns it reads in the index, that is one range of the index, without a look-up of
    # each row in the table. It starts with credit_code, so it also serves every look-up the
    # credit_code index served, which goes: one index per ledger row to insert and check, as before.
    _run(db, """
    CREATE INDEX idx_ledger_usage ON ledger(credit_code, code, year, project_key, product_key,
        installment, voucher_key, amount_cents);
    DROP INDEX idx_ledger_credit_code
    """)
