"""Sign-in and deployment security: Argon2, lockout after failed logins, CSRF, secure cookies,
``check --deploy`` with the production settings, and no start with the demo secret key."""

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from abonent.core.models import User
from abonent.testing.factories import MembershipFactory, UserFactory

PASSWORD = "correct-horse-battery"  # the factories' password
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def locked_out(response) -> bool:
    return response.status_code == 429 and b"Too many failed sign-in attempts" in response.content


@pytest.fixture
def staff():
    return MembershipFactory(user=UserFactory(username="nino")).user


# Passwords


@pytest.mark.real_hashers
@pytest.mark.django_db
def test_a_new_users_password_is_hashed_with_argon2():
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    user = User.objects.create_user("giorgi", password="Tbilisi-2024-river")
    assert user.password.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    assert "Tbilisi-2024-river" not in user.password
    assert user.check_password("Tbilisi-2024-river")


@pytest.mark.django_db
def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_the_next_sign_in(client, staff):
    from django.contrib.auth.hashers import make_password

    User.objects.filter(pk=staff.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert sign_in(client, "nino", PASSWORD).status_code == 302
    staff.refresh_from_db()
    assert staff.password.startswith("argon2")


# Sign-in and lockout


@pytest.mark.django_db
def test_signing_in_with_the_right_password_works(client, staff):
    response = sign_in(client, "nino", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in(client)


@pytest.mark.django_db
def test_a_wrong_password_says_so_without_telling_which_part_was_wrong(client, staff):
    response = sign_in(client, "nino", "wrong")
    assert response.status_code == 200
    assert not signed_in(client)
    assert b'role="alert"' in response.content


@pytest.mark.django_db
def test_five_failed_sign_ins_lock_the_username_even_with_the_right_password(client, staff):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(4):
        response = sign_in(client, "nino", f"guess-{attempt}")
        assert response.status_code == 200, attempt
    assert locked_out(sign_in(client, "nino", "guess-4"))
    response = sign_in(client, "nino", PASSWORD)
    assert locked_out(response)
    assert not signed_in(client)


@pytest.mark.django_db
def test_the_lock_is_per_username_not_per_address(client, staff):
    MembershipFactory(user=UserFactory(username="giorgi"))
    for attempt in range(5):
        sign_in(client, "nino", f"guess-{attempt}", REMOTE_ADDR="198.51.100.1")
    # the same user from another address is still locked out ...
    assert locked_out(sign_in(Client(), "nino", PASSWORD, REMOTE_ADDR="198.51.100.2"))
    # ... while a colleague behind the same office address signs in as usual
    colleague = Client()
    assert sign_in(colleague, "giorgi", PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302
    assert signed_in(colleague)


@pytest.mark.django_db
def test_after_the_cool_off_time_the_user_can_sign_in_again(client, staff):
    for attempt in range(5):
        sign_in(client, "nino", f"guess-{attempt}")
    assert locked_out(sign_in(client, "nino", PASSWORD))
    # Let the cool-off time pass: the failed attempts are now older than it.
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    assert cool_off == dt.timedelta(minutes=15)
    AccessAttempt.objects.filter(username="nino").update(
        attempt_time=timezone.now() - cool_off - dt.timedelta(minutes=1))
    assert sign_in(client, "nino", PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_failures_before_a_successful_sign_in_are_forgotten(client, staff):
    for attempt in range(4):
        sign_in(client, "nino", f"guess-{attempt}")
    assert sign_in(client, "nino", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for attempt in range(4):
        assert sign_in(client, "nino", f"again-{attempt}").status_code == 200
    assert sign_in(client, "nino", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_administrator_can_unlock_a_user_at_once(client, staff):
    for attempt in range(5):
        sign_in(client, "nino", f"guess-{attempt}")
    call_command("axes_reset_username", "nino")
    assert sign_in(client, "nino", PASSWORD).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_page_works_in_every_language(client, staff, language):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert gettext("Sign in") in html
        assert gettext("Password") in html
        wrong = sign_in(client, "nino", "wrong", HTTP_ACCEPT_LANGUAGE=language)
        assert wrong.status_code == 200
        assert f'<html lang="{language}">' in wrong.content.decode()
    assert sign_in(client, "nino", PASSWORD, HTTP_ACCEPT_LANGUAGE=language).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_lockout_page_is_in_the_users_language(client, staff, language):
    for attempt in range(5):
        response = sign_in(client, "nino", f"guess-{attempt}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    with translation.override(language):
        assert gettext("Too many failed sign-in attempts") in response.content.decode()


# Sign-out, CSRF


@pytest.mark.django_db
def test_signing_out_needs_a_post(client, staff):
    client.force_login(staff)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in(client)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not signed_in(client)


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, "nino", PASSWORD).status_code == 403
    assert not signed_in(client)
    client.force_login(staff)
    assert client.post(reverse("logout")).status_code == 403
    assert client.post(reverse("core:branch_add"), {"code": "N", "name": "North"}).status_code \
        == 403
    assert signed_in(client)


@pytest.mark.django_db
def test_a_post_with_the_csrf_token_from_the_page_is_accepted(staff):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("login"), {"username": "nino", "password": PASSWORD,
                                              "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_same_site(client, staff):
    sign_in(client, "nino", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_pages_may_not_be_framed_and_do_not_sniff_types(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# Production settings, checked in a fresh interpreter as a deployment would load them


def run_production(args: list[str], tmp_path, secret_key: str | None):
    env = {k: v for k, v in os.environ.items()
           if k not in {"ABONENT_SECRET_KEY", "DATABASE_URL", "ABONENT_DEBUG"}}
    env.update(DJANGO_SETTINGS_MODULE="abonent.settings.production",
               ABONENT_VAR_DIR=str(tmp_path / "var"), ABONENT_ALLOWED_HOSTS="abonent.example.ge")
    if secret_key is not None:
        env["ABONENT_SECRET_KEY"] = secret_key
    return subprocess.run([sys.executable, *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def strong_key() -> str:
    return secrets.token_urlsafe(64)


def test_manage_py_check_deploy_passes_with_the_production_settings(tmp_path):
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            tmp_path, strong_key())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


PRINT_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS", "PASSWORD_HASHERS", "AXES_FAILURE_LIMIT",
    "AXES_LOCKOUT_PARAMETERS", "ALLOWED_HOSTS"]}))
"""


def test_production_settings_use_secure_cookies_and_https(tmp_path):
    result = run_production(["-c", PRINT_SETTINGS], tmp_path, strong_key())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["AXES_LOCKOUT_PARAMETERS"] == ["username"]
    assert values["ALLOWED_HOSTS"] == ["abonent.example.ge"]


@pytest.mark.parametrize(("key", "why"), [
    (None, "no key set: the demo key"),
    ("abonent-demo-secret-key-do-not-use-in-production", "the demo key itself"),
    ("too-short-0123456789", "a short key"),
])
def test_production_settings_refuse_to_start_without_a_real_secret_key(tmp_path, key, why):
    result = run_production(["manage.py", "check"], tmp_path, key)
    assert result.returncode != 0, why
    assert "ImproperlyConfigured" in result.stderr
    assert "ABONENT_SECRET_KEY" in result.stderr
    assert "demo key is refused" in result.stderr


def test_the_demo_settings_still_start_with_the_demo_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"ABONENT_SECRET_KEY", "DATABASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="abonent.settings", ABONENT_VAR_DIR=str(tmp_path / "v"))
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         " print(settings.SECRET_KEY == settings.DEMO_SECRET_KEY)"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_every_environment_variable_is_documented():
    settings_dir = Path(settings.BASE_DIR) / "abonent" / "settings"
    read = set()
    for source in settings_dir.glob("*.py"):
        read |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"',
                               source.read_text(encoding="utf-8")))
    assert {"ABONENT_SECRET_KEY", "DATABASE_URL", "ABONENT_SSL_REDIRECT"} <= read
    doc = (Path(settings.BASE_DIR) / "docs" / "settings.md").read_text(encoding="utf-8")
    undocumented = sorted(name for name in read if f"`{name}`" not in doc)
    assert not undocumented, f"docs/settings.md does not describe {undocumented}"
