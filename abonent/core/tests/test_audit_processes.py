"""Changes made outside a web request are audited too: the ``abonent`` shell, a management
command, and a real Celery worker on Redis. Each runs as its own process against its own
database (a SQLite file, or a PostgreSQL database of its own in the PostgreSQL run), exactly as
an operator would run it."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest
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


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated Abonent of its own: the environment its processes run with."""
    var = tmp_path_factory.mktemp("audit-processes")
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "ABONENT_BROKER_URL", "ABONENT_RESULT_BACKEND"}}
    env.update(ABONENT_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="abonent.settings")
    dropper = None
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"], dropper = own_postgres_database()
    run(env, "migrate", "--no-input", timeout=600)
    yield env
    if dropper:
        dropper()


def own_postgres_database():
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{config['NAME']}_processes"
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


def test_a_change_in_the_abonent_shell_is_recorded_as_the_system_from_the_shell(site):
    out = shell(site, ORG.format(slug="shell-org") + (
        "org.phone = '+995 431 24 00 00'\norg.save()\n"
        "print('JSON:' + str(org.pk))"))
    org_id = printed(out)
    rows = [r for r in audit_rows(site, "core.organization") if r["object_id"] == str(org_id)]
    assert [r["action"] for r in rows] == ["create", "update"]
    for row in rows:
        assert row["source"] == "shell"
        assert row["source_detail"].startswith("shell (by ")
        assert row["actor_id"] is None
        assert row["actor_label"] == "system"
        assert row["remote_addr"] is None
        assert row["organization_id"] == org_id
    assert rows[0]["changes"]["name"] == [None, "Kutaisi Housing"]
    assert rows[1]["changes"] == {"phone": ["", "+995 431 24 00 00"]}


def test_a_management_command_is_recorded_as_the_system_running_that_command(site):
    env = {**site, "DJANGO_SUPERUSER_PASSWORD": "Rioni-river-1985"}
    run(env, "createsuperuser", "--no-input", "--username", "boss",
        "--email", "boss@example.ge")
    rows = [r for r in audit_rows(site, "core.user") if r["changes"].get("username")
            == [None, "boss"]]
    assert len(rows) == 1
    row = rows[0]
    assert row["action"] == "create"
    assert row["source"] == "command"
    assert row["source_detail"].startswith("createsuperuser (by ")
    assert row["actor_label"] == "system"
    assert "password" not in row["changes"]


def test_manage_py_records_like_the_abonent_command(site):
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "shell", "-v", "0", "-c",
         ORG.format(slug="manage-py-org") + "print('JSON:' + str(org.pk))"],
        env=site, capture_output=True, text=True, timeout=300, cwd=site["ABONENT_VAR_DIR"])
    assert result.returncode == 0, result.stderr
    org_id = printed(result.stdout)
    rows = [r for r in audit_rows(site, "core.organization") if r["object_id"] == str(org_id)]
    assert [(r["action"], r["source"], r["actor_label"]) for r in rows] == [
        ("create", "shell", "system")]


def redis_url() -> str:
    url = os.environ.get("ABONENT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        missing_service(f"Redis not reachable at {url}: {exc}")
    return url


def test_a_celery_workers_changes_are_recorded_as_the_task(site):
    url = redis_url()
    queue = f"abonent-audit-test-{uuid.uuid4().hex[:12]}"
    env = {**site, "ABONENT_BROKER_URL": url, "ABONENT_RESULT_BACKEND": url}
    org_id = printed(shell(site, ORG.format(slug="worker-org") + "print('JSON:' + str(org.pk))"))
    log_path = Path(site["ABONENT_VAR_DIR"]) / f"{queue}.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [CELERY, "-A", "abonent", "worker", "--pool", "solo", "--queues", queue,
             "--hostname", f"{queue}@%h", "--without-heartbeat", "--without-gossip",
             "--without-mingle", "--loglevel", "WARNING"],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=site["ABONENT_VAR_DIR"])
    try:
        out = shell(env, (
            "import json\nfrom abonent.core.tasks import touch_organization\n"
            f"result = touch_organization.apply_async(({org_id}, '+995 431 25 25 25'),"
            f" queue={queue!r})\n"
            "name = result.get(timeout=120)\nresult.forget()\n"
            "print('JSON:' + json.dumps(name))"), )
        assert printed(out) == "Kutaisi Housing"
    except AssertionError:
        raise AssertionError("worker log:\n" + log_path.read_text()) from None
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
    rows = [r for r in audit_rows(site, "core.organization") if r["object_id"] == str(org_id)]
    assert [r["action"] for r in rows] == ["create", "update"]
    task_row = rows[1]
    assert task_row["source"] == "task"
    assert task_row["source_detail"] == "abonent.core.tasks.touch_organization"
    assert task_row["actor_label"] == "system"
    assert task_row["actor_id"] is None
    assert task_row["changes"] == {"phone": ["", "+995 431 25 25 25"]}
