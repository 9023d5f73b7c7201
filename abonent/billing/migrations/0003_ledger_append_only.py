"""The database refuses to change posted ledger entries and issued receipts.

UPDATE is refused on both databases; DELETE on PostgreSQL too (SQLite's test flush deletes
rows one by one, so there the model's ``delete()`` refusal stands alone).
"""

from django.db import migrations

TABLES = ("billing_ledgerentry", "billing_receipt")


def sqlite_up(table: str) -> str:
    return (f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are never changed'); END;")


def postgres_up(table: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '{table} rows are never changed or deleted'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change();
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(sqlite_up(table))
        elif vendor == "postgresql":
            schema_editor.execute(postgres_up(table))


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};"
                                  f"DROP FUNCTION IF EXISTS {table}_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_billing_relations")]
    operations = [migrations.RunPython(up, down)]
