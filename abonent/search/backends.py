"""What differs between databases: the text index and how a query uses it.

PostgreSQL: one GIN index over ``(organization_id, kind, text gin_trgm_ops)`` (pg_trgm for
the text, btree_gin for the two plain columns). Each pattern is a ``LIKE '%pattern%'`` that
the index answers; pg_trgm keeps word boundaries, so the two-character pattern " be" is
looked up as the trigrams "  b" and " be". Organization and kind are in the same index so
that one kind's matches are found without reading the other kinds'. A search takes two
steps. First the first ``PROBE_ROWS`` entries of each kind, in id order, are checked
directly: a pattern that matches often is answered there, where the index would have to
collect every match before returning any. Then the index, for the kinds with fewer matches
than wanted, with ``enable_seqscan`` off: with a LIMIT the planner otherwise likes a
sequential scan that expects matches spread evenly over the table, while one kind's rows
sit together and may lie at its far end (measured at 100,000 accounts: 0.3 to 1 s instead
of 5 ms).

SQLite: an FTS5 table with the ``trigram`` tokenizer over ``search_entry.text`` (external
content, kept in step by triggers, so bulk inserts need nothing extra); each pattern is a
quoted FTS5 phrase, and the kind's id range is passed as a rowid range that FTS5 seeks to.

Any other database, or an SQLite without FTS5 trigrams, gets the same LIKE filters as
PostgreSQL, answered by scanning: correct, only slower.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, transaction

FTS_TABLE = "search_entry_fts"

POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    # A small pending list: single-row updates wait there until merged into the index,
    # and every search reads all of it (4 MB by default: twice the time per search).
    "CREATE INDEX IF NOT EXISTS search_entry_text_trgm ON search_entry "
    "USING gin (organization_id, kind, text gin_trgm_ops) WITH (gin_pending_list_limit = 256)",
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


def tidy_index(alias: str = "default") -> None:
    """After a bulk write: merge what the text index keeps aside for later. PostgreSQL's
    GIN pending list and SQLite FTS5's many small segments each make searches slower
    (measured at 100,000 accounts: p50 27 → 13 ms, and p95 6.2 → 3.7 ms CPU)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT gin_clean_pending_list('search_entry_text_trgm'::regclass)")
        elif connection.vendor == "sqlite" and _sqlite_fts(alias):
            cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")


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
#: entries of each kind read in id order before asking the index (PostgreSQL)
PROBE_ROWS = 500


def search(visible: models.QuerySet, kinds: list, patterns: tuple[str, ...],
           limit: int) -> list[tuple]:
    """Up to ``limit`` entries of each kind among ``visible`` whose text contains every
    pattern, as tuples of ``COLUMNS``; one statement for all kinds (two, at most, on
    PostgreSQL).

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
    if connection.vendor == "sqlite" and _sqlite_fts(visible.db):
        parts, params = [], []
        expression = " AND ".join(f'"{p}"' for p in patterns)
        for kind in kinds:
            parts.append(
                f"SELECT * FROM (SELECT {columns} FROM {FTS_TABLE}, search_entry "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid BETWEEN %s AND %s "
                f"AND search_entry.id = {FTS_TABLE}.rowid AND search_entry.kind = %s "
                f"AND ({allowed_sql}) LIMIT {int(limit)})")
            params += [expression, *kind.id_range, kind.name, *allowed_params]
        return _fetch(connection, " UNION ALL ".join(parts), params)
    likes = " AND ".join(["search_entry.text LIKE %s"] * len(patterns))
    like_params = [f"%{p}%" for p in patterns]

    def part(kind, source: str, source_params: list) -> tuple[str, list]:
        sql = (f"(SELECT {columns} FROM {source} WHERE search_entry.kind = %s "  # noqa: S608
               f"AND {likes} AND ({allowed_sql}) LIMIT {int(limit)})")
        return sql, [*source_params, kind.name, *like_params, *allowed_params]

    def union(parts: list[tuple[str, list]]) -> tuple[str, list]:
        return " UNION ALL ".join(p for p, _ in parts), [x for _, ps in parts for x in ps]

    if connection.vendor != "postgresql":
        return _fetch(connection, *union([part(kind, "search_entry", []) for kind in kinds]))
    with _index_only(connection):
        # First the first PROBE_ROWS entries of each kind, in id order: a pattern that
        # matches often (every account number starts with "10") is answered here cheaply,
        # where the index would first collect all of its matches.
        probe = ("(SELECT * FROM search_entry WHERE search_entry.id BETWEEN %s AND %s "
                 "ORDER BY search_entry.id LIMIT %s) AS search_entry")
        found: dict[str, list[tuple]] = {kind.name: [] for kind in kinds}
        for row in _fetch(connection, *union(
                [part(kind, probe, [*kind.id_range, PROBE_ROWS]) for kind in kinds])):
            found[row[0]].append(row)
        # Then the index, for the kinds whose matches are rarer than that.
        rare = [kind for kind in kinds if len(found[kind.name]) < limit]
        if rare:
            found.update((kind.name, []) for kind in rare)
            for row in _fetch(connection, *union(
                    [part(kind, "search_entry", []) for kind in rare])):
                found[row[0]].append(row)
    return [row for kind in kinds for row in found[kind.name]]


def _fetch(connection, sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@contextmanager
def _index_only(connection):
    """A transaction with ``enable_seqscan`` off (see the module's docstring). Inside a
    caller's transaction, the previous value is put back afterwards."""
    nested = connection.in_atomic_block
    with transaction.atomic(using=connection.alias, savepoint=False), \
            connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), "
                       "set_config('enable_seqscan', 'off', true)")
        previous = cursor.fetchone()[0]
        yield
        if nested:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


def forget_connection_state() -> None:
    """After a migration created or dropped the FTS table (tests create databases anew)."""
    _fts_present.clear()
