"""Changes made outside a web request are audited too: the ``abonent`` shell, a management
command, and a real Celery worker on Redis. Each runs as its own process against its own
database (a SQLite file, or a PostgreSQL database of its own in the PostgreSQL run), exactly as
an operator would run it."""

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from abonent.testing.processes import (
    CELERY,
    ORG,
    audit_rows,
    make_site,
    printed,
    redis_url,
    run,
    shell,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from make_site(tmp_path_factory, "processes")


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
