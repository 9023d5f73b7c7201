"""The webhook signature (pure functions): HMAC-SHA256 over ``<t>.<body>``, sent as
``t=<unix time>,v1=<hex>``, checked in constant time within a tolerance."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abonent.payments.providers.webhooks import (
    SignatureError,
    parse_header,
    sign,
    signature_header,
    verify,
)

SECRET = "whsec_test_0123456789abcdef"
NOW = 1_790_000_000
BODY = b'{"type": "payment.paid", "payment_id": "sbx_1", "amount": "10.00"}'


def code_of(body, header, secret=SECRET, now=NOW, tolerance=300) -> str:
    with pytest.raises(SignatureError) as caught:
        verify(body, header, secret, now=now, tolerance=tolerance)
    return caught.value.code


def test_the_signature_is_hmac_sha256_of_the_timestamp_a_dot_and_the_body():
    expected = hmac.new(SECRET.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(BODY, SECRET, NOW) == expected
    assert signature_header(BODY, SECRET, NOW) == f"t={NOW},v1={expected}"


def test_a_delivery_signed_with_the_secret_verifies_and_tells_its_signature():
    header = signature_header(BODY, SECRET, NOW)
    assert verify(BODY, header, SECRET, now=NOW) == (NOW, sign(BODY, SECRET, NOW))


def test_a_wrong_secret_is_refused():
    assert code_of(BODY, signature_header(BODY, "another-secret-entirely", NOW)) == \
        "bad_signature"


def test_a_tampered_body_is_refused():
    header = signature_header(BODY, SECRET, NOW)
    assert code_of(BODY.replace(b"10.00", b"99.00"), header) == "bad_signature"


def test_a_changed_timestamp_is_refused_because_it_is_signed_too():
    header = signature_header(BODY, SECRET, NOW).replace(f"t={NOW}", f"t={NOW + 1}")
    assert code_of(BODY, header) == "bad_signature"


def test_a_stale_timestamp_is_refused_and_one_inside_the_tolerance_is_not():
    assert code_of(BODY, signature_header(BODY, SECRET, NOW - 301)) == "stale_timestamp"
    assert verify(BODY, signature_header(BODY, SECRET, NOW - 300), SECRET, now=NOW)


def test_a_timestamp_from_the_future_is_refused():
    assert code_of(BODY, signature_header(BODY, SECRET, NOW + 301)) == "future_timestamp"
    assert verify(BODY, signature_header(BODY, SECRET, NOW + 300), SECRET, now=NOW)


def test_the_tolerance_is_a_parameter():
    header = signature_header(BODY, SECRET, NOW - 60)
    assert code_of(BODY, header, tolerance=30) == "stale_timestamp"


def test_a_missing_header_is_refused():
    assert code_of(BODY, None) == "missing_signature"
    assert code_of(BODY, "  ") == "missing_signature"


@pytest.mark.parametrize("header", [
    "v1=" + "a" * 64,                      # no timestamp
    f"t={NOW}",                            # no signature
    f"t={NOW},v1=xyz",                     # not hex
    f"t={NOW},v1=" + "a" * 63,             # too short
    "t=yesterday,v1=" + "a" * 64,         # not a number
    f"t={NOW},t={NOW},v1=" + "a" * 64,     # two timestamps
    f"t={NOW};v1=" + "a" * 64,             # wrong separator
    "garbage",
])
def test_a_malformed_header_is_refused(header):
    assert code_of(BODY, header) == "malformed_signature"


def test_one_matching_signature_among_several_is_enough_while_a_secret_is_rotated():
    good = sign(BODY, SECRET, NOW)
    header = f"t={NOW},v1={'0' * 64},v1={good},v0=ignored"
    assert verify(BODY, header, SECRET, now=NOW) == (NOW, good)
    assert parse_header(header) == (NOW, ["0" * 64, good])


def test_an_empty_secret_verifies_nothing():
    assert code_of(BODY, signature_header(BODY, "", NOW), secret="") == "bad_signature"


@given(body=st.binary(max_size=2000), secret=st.text(min_size=1, max_size=80),
       skew=st.integers(min_value=-300, max_value=300))
def test_any_body_signed_with_the_secret_verifies(body, secret, skew):
    header = signature_header(body, secret, NOW + skew)
    assert verify(body, header, secret, now=NOW)[0] == NOW + skew


@given(body=st.binary(min_size=1, max_size=500), data=st.data())
def test_any_single_byte_change_of_the_body_fails(body, data):
    header = signature_header(body, SECRET, NOW)
    index = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    replacement = data.draw(st.integers(min_value=0, max_value=255).filter(
        lambda b: b != body[index]))
    changed = body[:index] + bytes([replacement]) + body[index + 1:]
    assert code_of(changed, header) == "bad_signature"


@given(data=st.data())
def test_any_single_character_change_of_the_signature_fails(data):
    header = signature_header(BODY, SECRET, NOW)
    prefix, signature = header.split("v1=")
    index = data.draw(st.integers(min_value=0, max_value=63))
    char = data.draw(st.sampled_from("0123456789abcdef").filter(
        lambda c: c != signature[index]))
    changed = f"{prefix}v1={signature[:index]}{char}{signature[index + 1:]}"
    assert code_of(BODY, changed) == "bad_signature"


def test_the_openssl_command_of_the_docs_makes_the_same_signature():
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    body = ('{"type":"payment.paid","payment_id":"sbx_manual_1","amount":"10.00",'
            '"currency":"GEL","account":"50000001"}')
    secret, stamp = "whsec_your_secret", 1796544000
    script = ('printf \'%s.%s\' "$T" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" '
              "| sed 's/^.* //'")
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True,
                         env={"T": str(stamp), "BODY": body, "SECRET": secret,
                              "PATH": "/usr/bin:/bin"}).stdout.strip()
    assert out == sign(body.encode(), secret, stamp)
    assert "v1=" + out in Path(__file__).resolve().parents[4].joinpath(
        "docs", "payment-providers.md").read_text(encoding="utf-8")
