"""Tests that need a real service (PostgreSQL, Chromium, Redis, SMTP) ask for it here.

On a laptop without the service such a test is skipped; with ABONENT_REQUIRE_SERVICES=1
(CI) a missing service is a failure, so that a green run always means the test ran.
"""

import os

import pytest


def services_required() -> bool:
    return os.environ.get("ABONENT_REQUIRE_SERVICES", "") in {"1", "true", "yes"}


def missing_service(reason: str) -> None:
    if services_required():
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)
