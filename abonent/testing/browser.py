"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's own browser downloads are never used; the tests drive the system Chromium
(``/usr/bin/chromium``, or ``ABONENT_CHROMIUM``). Without it the tests skip on a laptop and
fail under ``ABONENT_REQUIRE_SERVICES=1``.

A test module makes the fixtures it uses its own::

    from abonent.testing import browser

    chromium, open_page = browser.chromium, browser.open_page

``chromium`` is one browser per test module; ``open_page(viewport)`` gives a fresh
context (cookies, language) per call, pointed at the live server. Screenshots go to
``test-artifacts/`` (``ABONENT_ARTIFACTS``); a failing test leaves one of every page it had
open, named after the test.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from abonent.testing.services import missing_service

CHROMIUM = os.environ.get("ABONENT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
PASSWORD = "correct-horse-battery"  # noqa: S105 - the factories' test password

ARTIFACTS = Path(os.environ.get("ABONENT_ARTIFACTS")
                 or Path(__file__).resolve().parents[2] / "test-artifacts")


def chromium_path() -> str | None:
    found = shutil.which(CHROMIUM)
    return found if found and os.access(found, os.X_OK) else None


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    """One headless Chromium, shared by every test of a module (they live in one module).

    Module scope, not session scope, on purpose: while Playwright's sync API is alive, its
    event loop counts as running in this thread, which would break later tests that use
    asyncio or ``async_to_sync``. So the browser is stopped as soon as the module is done.
    """
    path = chromium_path()
    if path is None:
        missing_service(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extras install it
        missing_service("the playwright package is not installed (pip install -e '.[test]')")
    # Django refuses ORM calls from a thread with a running event loop; the tests' own set-up
    # and checks run in that thread while Playwright is alive, and they are synchronous.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=path, headless=True, args=LAUNCH_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot to test-artifacts/NAME.png and return its path."""
    path = artifact(name)
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture
def open_page(chromium, live_server, request) -> Iterator[Callable]:
    """``open_page(viewport=DESKTOP)`` → a Playwright page in a fresh browser context.

    Each page records JavaScript errors and failed requests for our own origin in
    ``page.problems``; ``assert_no_problems(page)`` checks the list is empty.
    """
    contexts = []
    pages = []
    failed_before = request.session.testsfailed

    def _open(viewport: dict | None = None, locale: str = "en-US"):
        context = chromium.new_context(viewport=viewport or DESKTOP, base_url=live_server.url,
                                       locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.base_url = live_server.url
        _watch(page, live_server.url)
        pages.append(page)
        return page

    yield _open

    if request.session.testsfailed > failed_before:  # the test failed: keep what it saw
        for i, page in enumerate(pages):
            with contextlib.suppress(Exception):  # a closed page has nothing to show
                screenshot(page, f"FAILED-{request.node.name}-{i}")
    for context in contexts:
        context.close()


def _watch(page, origin: str) -> None:
    """Record JavaScript errors and failed requests to our own server in ``page.problems``."""

    def on_error(exc) -> None:
        page.problems.append(f"JavaScript error: {exc}")

    def on_failed(req) -> None:
        # A request cut short by the next navigation is aborted, not broken.
        if req.url.startswith(origin) and "ERR_ABORTED" not in (req.failure or ""):
            page.problems.append(f"request failed: {req.method} {req.url} ({req.failure})")

    def on_response(resp) -> None:
        if resp.status >= 400 and resp.url.startswith(origin) and not resp.url.endswith(
                "/favicon.ico"):
            page.problems.append(f"HTTP {resp.status}: {resp.request.method} {resp.url}")

    page.on("pageerror", on_error)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)


def assert_no_problems(page) -> None:
    assert page.problems == [], "\n".join(page.problems)


@functools.cache
def password_hash() -> str:
    """PASSWORD hashed once per run: Argon2 takes about a second per hash, on purpose."""
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


def staff_user(username: str, **fields):
    """A user who signs in with PASSWORD, made without paying for a fresh Argon2 hash."""
    from abonent.core.models import User

    return User.objects.create(username=username, password=password_hash(), **fields)


def log_in_as(page, user, path: str = "/") -> None:
    """Sign in without the form (the session is made server-side), then open ``path``.

    For tests about something else than signing in; ``log_in`` goes through the form.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                               "url": page.base_url}])
    page.goto(path)


def log_in(page, username: str, password: str = PASSWORD, path: str = "/") -> None:
    """Sign in through the login form, as a person would."""
    page.goto(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "/login/" not in page.url, f"sign-in as {username} failed on {page.url}"


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing sticks out)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth")


def elements_sticking_out(page) -> list[str]:
    """Elements whose right edge passes the window's, outside any scrolling .table-wrap."""
    return page.evaluate("""() => {
        const w = window.innerWidth, out = [];
        for (const el of document.body.querySelectorAll('*')) {
            if (el.closest('.table-wrap, dialog:not([open]), [hidden], .sr')) continue;
            const r = el.getBoundingClientRect();
            if (r.width && r.right > w + 1) {
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                         (el.className && typeof el.className === 'string'
                            ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                         ' right=' + Math.round(r.right));
            }
        }
        return out.slice(0, 20);
    }""")
