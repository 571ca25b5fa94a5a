"""The one boundary to the database: opening and migrating a store (database, opening,
migrations; encoding writes values as JSON and cents; target names what functions accept),
transactions (Store.transaction, which nests; txn), the hash-chained audit log and its
verification (audit, audit_tables, coverage, verified, anchor), reviewers, backups, and the
read models the screens list (listing).

Repositories — every query the layers above need, as typed functions of a Store:
review_repo (claims with decisions, applications with totals, stages), ledger_repo (award
ledger rows and cap groups, amendments), applications_repo (stored applications, findings,
settling again), batches_repo, budget_repo, sheets_repo, usage_repo (for the engine). Nothing
above this package runs SQL or imports the driver (tests/core/test_store_boundary.py and the
import-linter contract); `errors.DatabaseError` is the engine's failure as they catch it."""
