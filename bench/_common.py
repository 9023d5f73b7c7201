"""What every benchmark shares: the command line, a database of its own, progress on stderr
and the JSON result line on stdout.

Each benchmark owns its database, so it never touches var/abonent.sqlite3 or the database a
developer works in: SQLite in ``var/bench/<name>/abonent.sqlite3``; PostgreSQL on the server of
``DATABASE_URL``, in a database named ``abonent_bench`` (``--pg-name``), created anew.
Django is set up only after the environment says which database to use.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def parser(name: str, description: str, default_size: int) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"bench/{name}.py", description=description)
    p.add_argument("--size", type=int, default=default_size, help="number of accounts")
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--pg-name", default="abonent_bench",
                   help="PostgreSQL database to (re)create on the server of DATABASE_URL")
    p.add_argument("--var-dir", default=str(ROOT / "var" / "bench" / name),
                   help="directory of the SQLite file")
    p.add_argument("--reuse", action="store_true",
                   help="keep the database if it already holds this data set (faster reruns)")
    return p


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def stage(title: str):
    say(f"· {title}…")
    started = time.perf_counter()
    yield
    say(f"  {title}: {time.perf_counter() - started:.1f} s")


def _postgres_url(name: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("--db postgres needs DATABASE_URL=postgres://user@host:port/anything")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _recreate_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _postgres_exists(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                           [parts.path.lstrip("/")]).fetchone()
    return row is not None


def setup_django(args: argparse.Namespace, name: str) -> bool:
    """Point Django at the benchmark's own database, set it up and migrate it.

    Returns True when an existing database was kept (``--reuse``); the caller then checks
    that it holds the expected data set.
    """
    kept = False
    if args.db == "postgres":
        url = _postgres_url(args.pg_name)
        os.environ["DATABASE_URL"] = url
        if args.reuse and _postgres_exists(url):
            kept = True
        else:
            _recreate_postgres(url)
    else:
        os.environ.pop("DATABASE_URL", None)
        var_dir = Path(args.var_dir)
        var_dir.mkdir(parents=True, exist_ok=True)
        os.environ["ABONENT_VAR_DIR"] = str(var_dir)
        db_file = var_dir / "abonent.sqlite3"
        if args.reuse and db_file.exists():
            kept = True
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "abonent.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    with stage("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    return kept


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(p / 100 * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def machine() -> str:
    return f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}"


def emit(result: dict) -> None:
    """The last line on stdout: one JSON object."""
    sys.stdout.flush()
    print(json.dumps(result, ensure_ascii=False), flush=True)
