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

from sqlite_utils import Database, Migrations

__all__ = ["migrations", "StoreMigrations", "MIGRATIONS_TABLE"]

MIGRATIONS_TABLE = "migrations"


class StoreMigrations(Migrations):
    # A plain, documented name: the bureau's own scripts may look at it.
    migrations_table = MIGRATIONS_TABLE


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
