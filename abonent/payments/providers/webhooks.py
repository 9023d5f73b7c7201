"""Signed webhooks: the signature scheme (pure functions) and the one view deliveries reach.

The scheme is Stripe's: the sender computes HMAC-SHA256 with the provider's secret over
``<timestamp>.<raw body>`` and sends ``Abonent-Signature: t=<unix timestamp>,v1=<hex>``. The
receiver recomputes it over the raw bytes it got, compares in constant time, and refuses a
timestamp further than the tolerance (``ABONENT_WEBHOOK_TOLERANCE``, 300 s) from its clock, in
either direction, so a captured delivery cannot be replayed later. Several ``v1`` values may
be sent (while a secret is rotated); one matching is enough. Schemes other than ``v1`` are
ignored.

A replay inside the tolerance is caught by the delivery records (``services.receive``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from abonent.settings.env import env_int

DEFAULT_TOLERANCE = 300  # seconds
SCHEME = "v1"
_HEX = re.compile(r"[0-9a-fA-F]{64}")


class SignatureError(Exception):
    """A delivery whose signature does not hold; ``code`` says why, for machines."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def tolerance() -> int:
    """Seconds a delivery's timestamp may be off our clock (setting or environment
    ``ABONENT_WEBHOOK_TOLERANCE``; default 300)."""
    value = getattr(settings, "ABONENT_WEBHOOK_TOLERANCE", None)
    return int(value) if value is not None else env_int("ABONENT_WEBHOOK_TOLERANCE",
                                                        DEFAULT_TOLERANCE)


def signed_payload(body: bytes, timestamp: int) -> bytes:
    return str(timestamp).encode("ascii") + b"." + body


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """The hex HMAC-SHA256 of ``<timestamp>.<body>`` with ``secret``."""
    return hmac.new(secret.encode("utf-8"), signed_payload(body, timestamp),
                    hashlib.sha256).hexdigest()


def signature_header(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """The header value a sender puts on a delivery: ``t=<timestamp>,v1=<hex>``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},{SCHEME}={sign(body, secret, timestamp)}"


def parse_header(value: str | None) -> tuple[int, list[str]]:
    """``t=...,v1=...[,v1=...]`` → (timestamp, signatures). Unknown schemes are skipped."""
    if value is None or not value.strip():
        raise SignatureError("missing_signature", _("The delivery has no signature header."))
    timestamps: list[str] = []
    signatures: list[str] = []
    for item in value.split(","):
        key, sep, part = item.strip().partition("=")
        if not sep:
            raise SignatureError("malformed_signature",
                                 _("The signature header is not t=<time>,v1=<signature>."))
        if key == "t":
            timestamps.append(part)
        elif key == SCHEME:
            signatures.append(part)
    if len(timestamps) != 1 or not timestamps[0].isascii() or not timestamps[0].isdigit():
        raise SignatureError("malformed_signature",
                             _("The signature header needs one timestamp t=<unix time>."))
    if not signatures or not all(_HEX.fullmatch(s) for s in signatures):
        raise SignatureError("malformed_signature",
                             _("The signature header needs v1=<64 hexadecimal digits>."))
    return int(timestamps[0]), [s.lower() for s in signatures]


def verify(body: bytes, header: str | None, secret: str, *, tolerance: int = DEFAULT_TOLERANCE,
           now: int | None = None) -> tuple[int, str]:
    """Check a delivery; return its timestamp and the signature that matched.

    Raises ``SignatureError``: missing or malformed header, a signature that does not match
    (wrong secret, changed body or timestamp), or a timestamp outside the tolerance."""
    timestamp, signatures = parse_header(header)
    if not secret:
        raise SignatureError("bad_signature", _("The provider has no webhook secret."))
    expected = sign(body, secret, timestamp)
    matched = None
    for candidate in signatures:  # compare every one, each in constant time
        if hmac.compare_digest(candidate, expected):
            matched = candidate
    if matched is None:
        raise SignatureError("bad_signature", _("The signature does not match the body."))
    now = int(time.time()) if now is None else now
    if timestamp < now - tolerance:
        raise SignatureError("stale_timestamp", _(
            "The signature's timestamp is more than %(seconds)s seconds old.")
            % {"seconds": tolerance})
    if timestamp > now + tolerance:
        raise SignatureError("future_timestamp", _(
            "The signature's timestamp is more than %(seconds)s seconds ahead of our clock.")
            % {"seconds": tolerance})
    return timestamp, matched


@csrf_exempt  # a provider's server posts here; it proves itself with the signature instead
@require_POST
def webhook(request, org_slug: str, code: str):
    """``POST /hooks/<org-slug>/<provider-code>/``: no session, no CSRF; the organization and
    the provider come from the URL, trust from the signature. Answers JSON."""
    from abonent.core.middleware import client_address
    from abonent.payments.providers.services import receive

    answer = receive(org_slug, code, request.body, request.headers,
                     remote_addr=client_address(request))
    return JsonResponse(answer.body, status=answer.status)
