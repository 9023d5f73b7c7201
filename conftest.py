"""Test-wide set-up: which database the run uses, and what a missing service means."""

import os

import pytest


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"abonent: database {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or db['NAME']}"


def pytest_sessionstart(session):
    if os.environ.get("ABONENT_TEST_DB") != "postgres":
        return
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    try:
        psycopg.connect(host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
                        user=db.get("USER"), password=db.get("PASSWORD") or None,
                        dbname="postgres", connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        from abonent.testing.services import services_required

        if services_required():
            raise pytest.UsageError(f"PostgreSQL required but not reachable: {exc}") from exc
        pytest.exit(f"PostgreSQL not reachable, PostgreSQL run skipped: {exc}", returncode=0)



@pytest.fixture(autouse=True)
def _quick_password_hashing(request, settings):
    """Users in tests get a low-cost Argon2 hash; ``@pytest.mark.real_hashers`` keeps the real
    settings for the tests that check them."""
    if request.node.get_closest_marker("real_hashers") is None:
        settings.PASSWORD_HASHERS = ["abonent.testing.hashers.QuickArgon2PasswordHasher",
                                     *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _no_language_leaks():
    """A request in a test activates its user's language in this thread; the next test starts
    from the default language again."""
    yield
    from django.utils import translation

    translation.deactivate()
