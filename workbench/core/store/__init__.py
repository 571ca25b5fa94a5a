"""The one boundary to the database: opening and migrating a store (database, migrations),
transactions (txn), the hash-chained audit log and its verification (audit, audit_tables,
coverage, verified, anchor), reviewers, backups, and the read models the screens list (listing)."""
