"""The text index of search_entry, which differs by database (see abonent/search/backends.py):
a pg_trgm GIN index on PostgreSQL, an FTS5 trigram table kept in step by triggers on SQLite.

On SQLite, a later migration that alters search_entry makes Django rebuild the table, which
drops the triggers: such a migration must call backends.create_index again."""

from django.db import migrations


def create(apps, schema_editor):
    from abonent.search import backends

    backends.create_index(schema_editor)
    backends.forget_connection_state()


def drop(apps, schema_editor):
    from abonent.search import backends

    backends.drop_index(schema_editor)
    backends.forget_connection_state()


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_search_entry"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
