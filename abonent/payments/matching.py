"""Which account a bank statement line pays: found by account number (with its check digit),
receipt number, the payment reference in the remittance text, or the payer's name.

Pure: ``match`` reads only the line and a ``Directory`` of the organization's accounts (built
once per import by ``directory_for``). Each match has a confidence from 0 to 100 and a reason
(a code with its parameters, shown translated on the pages). A line at or above ``AUTO`` is
posted at once; below it, or with no match, it waits in the queue for a person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

AUTO = 80  # lines matched at least this surely are posted without a person

#: the confidence of each way of finding the account
CONFIDENCE = {
    "account_reference": 99,   # the structured reference is a valid account number
    "account_text": 95,        # a valid account number in the remittance text
    "receipt": 90,             # a receipt number of ours in the reference or text
    "payer_account": 85,       # the payer's bank account paid this account before
    "payer_name": 60,          # the payer's name is the holder of exactly one account
}

_DIGITS = re.compile(r"(?<!\d)\d{4,20}(?!\d)")
_RECEIPT = re.compile(r"(?<!\d)(\d{4})[-/ ]?(\d{7})(?!\d)")


@dataclass(frozen=True)
class Match:
    account_id: int | None
    confidence: int
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def automatic(self) -> bool:
        return self.account_id is not None and self.confidence >= AUTO


@dataclass(frozen=True)
class Directory:
    """What matching knows of an organization: its account numbers, receipt numbers, payers'
    bank accounts seen before and holders' names (normalized)."""

    accounts: Mapping[str, int]
    receipts: Mapping[str, int]
    payer_accounts: Mapping[str, int]
    holders: Mapping[str, tuple[int, ...]]
    is_valid_number: Callable[[str], bool]


def normalize_name(name: str) -> str:
    """Lower case, accents removed, words in order: "Beridze  Nino" == "BERIDZE NINO"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text.casefold()))


def normalize_iban(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def _account_in(text: str, directory: Directory) -> tuple[int, str] | None:
    """The one valid account number of ours in ``text`` (ambiguous or none: None)."""
    found = {(directory.accounts[token], token) for token in _DIGITS.findall(text)
             if directory.is_valid_number(token) and token in directory.accounts}
    return found.pop() if len(found) == 1 else None


def _receipt_in(text: str, directory: Directory) -> tuple[int, str] | None:
    found = {(directory.receipts[f"{year}-{seq}"], f"{year}-{seq}")
             for year, seq in _RECEIPT.findall(text) if f"{year}-{seq}" in directory.receipts}
    return found.pop() if len(found) == 1 else None


def match(*, reference: str, text: str, payer_name: str, payer_account: str,
          directory: Directory) -> Match:
    """The account a line pays, surest way first."""
    if reference and (hit := _account_in(reference, directory)):
        return Match(hit[0], CONFIDENCE["account_reference"], "account_reference",
                     {"number": hit[1]})
    if text and (hit := _account_in(text, directory)):
        return Match(hit[0], CONFIDENCE["account_text"], "account_text", {"number": hit[1]})
    joined = f"{reference} {text}"
    if joined.strip() and (hit := _receipt_in(joined, directory)):
        return Match(hit[0], CONFIDENCE["receipt"], "receipt", {"number": hit[1]})
    if payer_account and (account_id := directory.payer_accounts.get(
            normalize_iban(payer_account))):
        return Match(account_id, CONFIDENCE["payer_account"], "payer_account",
                     {"iban": normalize_iban(payer_account)})
    if payer_name:
        holders = directory.holders.get(normalize_name(payer_name), ())
        if len(holders) == 1:
            return Match(holders[0], CONFIDENCE["payer_name"], "payer_name",
                         {"name": payer_name})
        if len(holders) > 1:
            return Match(None, 0, "ambiguous_name", {"name": payer_name, "count": len(holders)})
    bad = [token for token in _DIGITS.findall(joined) if not directory.is_valid_number(token)
           and len(token) >= 6]
    if bad:
        return Match(None, 0, "bad_check_digit", {"number": bad[0]})
    return Match(None, 0, "no_match")
