"""What differs between databases: the text index and how a query uses it.

PostgreSQL: one GIN index over ``(organization_id, kind, text gin_trgm_ops)`` (pg_trgm for
the text, btree_gin for the two plain columns). Each pattern is a ``LIKE '%pattern%'`` that
the index answers; pg_trgm keeps word boundaries, so the two-character pattern " be" is
looked up as the trigrams "  b" and " be". Organization and kind are in the same index so
that one kind's matches are found without reading the other kinds'. The statement runs with
``enable_seqscan`` off: with a LIMIT the planner otherwise likes a sequential scan that
expects matches spread evenly over the table, while one kind's rows sit together and may lie
at its far end (measured: 0.3 s instead of 5 ms at 100,000 accounts).

SQLite: an FTS5 table with the ``trigram`` tokenizer over ``search_entry.text`` (external
content, kept in step by triggers, so bulk inserts need nothing extra); each pattern is a
quoted FTS5 phrase, and the kind's id range is passed as a rowid range that FTS5 seeks to.

Any other database, or an SQLite without FTS5 trigrams, gets the same LIKE filters as
PostgreSQL, answered by scanning: correct, only slower.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction

FTS_TABLE = "search_entry_fts"

POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX IF NOT EXISTS search_entry_text_trgm ON search_entry "
    "USING gin (organization_id, kind, text gin_trgm_ops)",
]
POSTGRES_DROP_SQL = ["DROP INDEX IF EXISTS search_entry_text_trgm"]

SQLITE_SQL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_entry_fts USING fts5("
    "text, content='search_entry', content_rowid='id', tokenize='trigram')",
    """CREATE TRIGGER IF NOT EXISTS search_entry_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_entry_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_entry_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_entry_fts_update AFTER UPDATE ON search_entry BEGIN
        INSERT INTO search_entry_fts(search_entry_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO search_entry_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    # Index whatever is already there (nothing, on a fresh database).
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
]
SQLITE_DROP_SQL = [
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TABLE IF EXISTS search_entry_fts",
]


def sqlite_has_trigram(connection) -> bool:
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.abonent_probe USING fts5(x, "
                           "tokenize='trigram')")
        except Exception:  # any failure means: no FTS5 trigram tokenizer here
            return False
        cursor.execute("DROP TABLE temp.abonent_probe")
        return True


def create_index(schema_editor) -> None:
    """Used by migration 0002 (and again by any later migration that rebuilds the table)."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        statements = POSTGRES_SQL
    elif connection.vendor == "sqlite" and sqlite_has_trigram(connection):
        statements = SQLITE_SQL
    else:
        return
    for sql in statements:
        schema_editor.execute(sql)


def drop_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRES_DROP_SQL, "sqlite": SQLITE_DROP_SQL}.get(vendor, []):
        schema_editor.execute(sql)


_fts_present: dict[str, bool] = {}


def _sqlite_fts(alias: str) -> bool:
    if alias not in _fts_present:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
                           [FTS_TABLE])
            _fts_present[alias] = cursor.fetchone() is not None
    return _fts_present[alias]


COLUMNS = ("kind", "object_id", "title", "subtitle", "url", "closed", "text")


def search(visible: models.QuerySet, kinds: list, patterns: tuple[str, ...],
           limit: int) -> list[tuple]:
    """Up to ``limit`` entries of each kind among ``visible`` whose text contains every
    pattern, as tuples of ``COLUMNS``; one statement for all kinds.

    ``visible`` is ``SearchEntry.objects.restrict(access)``: its WHERE clause is compiled
    once and reused in each kind's part, so who may see what is decided in one place.
    Patterns hold only letters, digits and spaces (text.normalize), so they can be put in
    LIKE patterns and FTS5 strings as they are.
    """
    if not kinds or not patterns:
        return []
    compiler = visible.query.get_compiler(using=visible.db)
    try:
        allowed_sql, allowed_params = compiler.compile(visible.query.where)
    except EmptyResultSet:
        return []
    connection = connections[visible.db]
    columns = ", ".join(f"search_entry.{c}" for c in COLUMNS)
    parts, params = [], []
    if connection.vendor == "sqlite" and _sqlite_fts(visible.db):
        expression = " AND ".join(f'"{p}"' for p in patterns)
        for kind in kinds:
            parts.append(
                f"SELECT * FROM (SELECT {columns} FROM {FTS_TABLE}, search_entry "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid BETWEEN %s AND %s "
                f"AND search_entry.id = {FTS_TABLE}.rowid AND search_entry.kind = %s "
                f"AND ({allowed_sql}) LIMIT {int(limit)})")
            params += [expression, *kind.id_range, kind.name, *allowed_params]
    else:
        likes = " AND ".join(["search_entry.text LIKE %s"] * len(patterns))
        for kind in kinds:
            parts.append(
                f"(SELECT {columns} FROM search_entry WHERE search_entry.kind = %s "  # noqa: S608
                f"AND {likes} AND ({allowed_sql}) LIMIT {int(limit)})")
            params += [kind.name, *(f"%{p}%" for p in patterns), *allowed_params]
    sql = " UNION ALL ".join(parts)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    # SET LOCAL needs a transaction; inside a caller's transaction the old value is put back.
    with transaction.atomic(using=visible.db, savepoint=False), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), "
                       "set_config('enable_seqscan', 'off', true)")
        previous = cursor.fetchone()[0]
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])
    return rows


def forget_connection_state() -> None:
    """After a migration created or dropped the FTS table (tests create databases anew)."""
    _fts_present.clear()
