"""Running Abonent as separate processes in tests: the ``abonent`` command, its shell, Celery
workers, each against a database of its own (a SQLite file, or a PostgreSQL database of its
own in the PostgreSQL run), exactly as an operator would run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
from django.conf import settings

from abonent.testing.services import missing_service

BIN = Path(sys.executable).parent
ABONENT = str(BIN / "abonent")
CELERY = str(BIN / "celery")
ORG = ("from abonent.core.models import Organization\n"
       "org = Organization.objects.create(slug={slug!r}, name='Kutaisi Housing', country='GE',"
       " currency='GEL', time_zone='Asia/Tbilisi')\n")


def run(env, *args, timeout=300) -> str:
    result = subprocess.run([ABONENT, *args], env=env, capture_output=True, text=True,
                            timeout=timeout, cwd=env["ABONENT_VAR_DIR"])
    assert result.returncode == 0, f"abonent {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def shell(env, code: str) -> str:
    return run(env, "shell", "-v", "0", "-c", code)


def printed(output: str):
    """The JSON value a shell snippet printed after the marker ``JSON:``."""
    line = next(x for x in output.splitlines() if x.startswith("JSON:"))
    return json.loads(line[len("JSON:"):])


def audit_rows(env, object_type: str) -> list[dict]:
    return printed(shell(env, (
        "import json\nfrom abonent.core.models import AuditEntry\n"
        f"rows = AuditEntry.objects.filter(object_type={object_type!r}).order_by('id').values("
        "'action', 'actor_id', 'actor_label', 'source', 'source_detail', 'object_id',"
        " 'organization_id', 'changes', 'remote_addr')\n"
        "print('JSON:' + json.dumps(list(rows)))")))


def make_site(tmp_path_factory, name: str):
    """A migrated Abonent of its own: the environment its processes run with."""
    var = tmp_path_factory.mktemp(name)
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "ABONENT_BROKER_URL", "ABONENT_RESULT_BACKEND"}}
    env.update(ABONENT_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="abonent.settings")
    dropper = None
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"], dropper = own_postgres_database(name)
    run(env, "migrate", "--no-input", timeout=600)
    yield env
    if dropper:
        dropper()


def own_postgres_database(suffix: str = "processes"):
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{config['NAME']}_{suffix}".replace("-", "_")
    admin = {"host": config.get("HOST") or "127.0.0.1", "port": config.get("PORT") or 5432,
             "user": config.get("USER"), "password": config.get("PASSWORD") or None,
             "dbname": "postgres", "autocommit": True}

    def drop():
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with psycopg.connect(**admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    return url, drop


def redis_url() -> str:
    url = os.environ.get("ABONENT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        missing_service(f"Redis not reachable at {url}: {exc}")
    return url
