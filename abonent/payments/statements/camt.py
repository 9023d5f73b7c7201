"""ISO 20022 bank-to-customer messages: camt.053 (statement) and camt.054 (debit/credit
notification), every schema version, read by element names in the file's own namespace.

One :class:`StatementEntry` per transaction (``Ntry/NtryDtls/TxDtls``) when an entry holds
several, each with its own amount (the transactions must add up to the entry); otherwise one
per entry. Credit or debit by ``CdtDbtInd``; an amount with more decimals than its currency
allows is refused, never rounded. See docs/statements.md for the field mapping.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from .camtflat import REPEAT, DoctypeError, XMLSyntaxError, flatten
from .common import (
    entry_hash,
    is_currency,
    minor_units,
    plain_amount,
    precision_exceeded,
    to_places,
    with_unique_ids,
    without_gc,
)
from .model import EntryKind, Format, Statement, StatementEntry
from .problems import Collector, StatementError
from .xmlsafe import has_doctype

_NAMESPACE = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:(camt\.\d{3})\.\d{3}\.\d{2}")

# message type -> (format, document element, statement element)
_MESSAGES: dict[str, tuple[Format, str, str]] = {
    "camt.053": (Format.CAMT053, "BkToCstmrStmt", "Stmt"),
    "camt.054": (Format.CAMT054, "BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}

_STATUS = {"BOOK": EntryKind.BOOKED, "": EntryKind.BOOKED, "PDNG": EntryKind.PENDING,
           "FUTR": EntryKind.PENDING, "INFO": EntryKind.INFO}
_OPENING = ("OPBD", "PRCD")  # opening booked, else the previous statement's closing
_CLOSING = ("CLBD",)
_WEAK_REFS = ("e2e", "tx")  # EndToEndId, TxId: set by the payer or its bank, not unique


def sniff(data: bytes) -> tuple[str, str] | None:
    """(message type such as 'camt.053', its namespace) from the head of an XML file."""
    found = _NAMESPACE.search(data[:8192])
    if found is None:
        return None
    return found.group(1).decode("ascii"), found.group(0).decode("ascii")


def parse_camt053(data: bytes, *, filename: str) -> list[Statement]:
    return parse_camt(data, filename=filename, expect=Format.CAMT053)


def parse_camt054(data: bytes, *, filename: str) -> list[Statement]:
    return parse_camt(data, filename=filename, expect=Format.CAMT054)


@without_gc
def parse_camt(data: bytes, *, filename: str, expect: Format | None = None) -> list[Statement]:
    """Every statement (or notification) in a camt.053 or camt.054 file.

    Raises :class:`StatementError` with every problem found when any part of the file cannot
    be read exactly: the file is imported whole or not at all.
    """
    problems = Collector(filename)
    if not data.strip():
        problems.refuse("", "", "empty_file")
    if has_doctype(data):
        problems.refuse("", "", "xml_doctype")
    found = sniff(data)
    if found is None:
        problems.refuse("", "Document", "unknown_format")
    message, namespace = found
    if message not in _MESSAGES:
        problems.refuse("", "Document", "unsupported_message", message=message)
    fmt, document, statement_tag = _MESSAGES[message]
    if expect is not None and fmt is not expect:
        problems.refuse("", "Document", "format_mismatch", found=message,
                        expected=expect.value)
    return _Reader(fmt, problems).read(data, namespace, document, statement_tag)


Record = dict[str, str]


class _Reader:
    """Builds statements from the flattened records (see :mod:`.camtflat` for the keys)."""

    def __init__(self, fmt: Format, problems: Collector) -> None:
        self.format = fmt
        self.problems = problems
        self.filename = problems.file
        self.index = 0  # StatementEntry objects so far in the file

    def read(self, data: bytes, namespace: str, document: str,
             statement_tag: str) -> list[Statement]:
        try:
            records = flatten(data, namespace)
        except XMLSyntaxError as exc:
            line = getattr(exc, "lineno", 0) or 0
            self.problems.refuse(f"line {line}" if line else "", "", "xml_malformed",
                                 error=str(getattr(exc, "msg", "") or exc))
        except DoctypeError:
            self.problems.refuse("", "", "xml_doctype")
        groups: list[tuple[Record, list[Record], list[tuple[Record, list[Record]]]]] = []
        for kind, values in records:
            if kind == "S":
                groups.append((values, [], []))
            elif kind == "B" and groups:
                groups[-1][1].append(values)
            elif kind == "E" and groups:
                groups[-1][2].append((values, []))
            elif kind == "T" and groups and groups[-1][2]:
                groups[-1][2][-1][1].append(values)
        if not groups:
            self.problems.refuse("", f"{document}/{statement_tag}", "no_statement",
                                 element=statement_tag)
        statements = [self.statement(number, *group) for number, group in enumerate(groups, 1)]
        self.problems.raise_if_any()
        return with_unique_ids(statements)

    # -- one statement ----------------------------------------------------------------------
    def statement(self, number: int, header: Record, balances: list[Record],
                  ntries: list[tuple[Record, list[Record]]]) -> Statement:
        where = f"statement {number}"
        statement_id = header.get("id", "")
        if not statement_id:
            self.problems.add(where, "Id", "missing")
        account = header.get("iban") or header.get("other", "")
        if not account:
            self.problems.add(where, "Acct/Id", "missing")
        entries: list[StatementEntry] = []
        for entry_number, (ntry, transactions) in enumerate(ntries, 1):
            entries.extend(self.entry(ntry, transactions, f"{where}, entry {entry_number}",
                                      statement_id))
            if self.problems.full:
                break
        opening = closing = None
        for balance in balances:
            code = balance.get("code", "")
            if code not in _OPENING and code not in _CLOSING:
                continue
            value = self.amount(balance, "a", f"{where}, balance {code}", "Bal")
            if value is None:
                continue
            if code in _CLOSING and closing is None:
                closing = value
            elif code in _OPENING and (opening is None or code == _OPENING[0]):
                opening = value
        currency = (header.get("ccy")
                    or (opening[1] if opening else "") or (closing[1] if closing else "")
                    or (entries[0].currency if entries else ""))
        return Statement(
            format=self.format,
            statement_id=statement_id,
            account=account,
            currency=currency,
            entries=tuple(entries),
            opening_balance=opening[0] if opening else None,
            closing_balance=closing[0] if closing else None,
            opening_currency=opening[1] if opening else None,
            closing_currency=closing[1] if closing else None,
            created_at=self.timestamp(header.get("created", ""), where, "CreDtTm"),
            from_date=self.day(header.get("from", ""), where, "FrToDt/FrDtTm"),
            to_date=self.day(header.get("to", ""), where, "FrToDt/ToDtTm"),
            filename=self.filename,
        )

    # -- one entry -------------------------------------------------------------------------
    def entry(self, ntry: Record, transactions: list[Record], where: str,
              statement_id: str) -> list[StatementEntry]:
        value = self.amount(ntry, "a", where, "Ntry")
        kind = _STATUS.get(ntry.get("s", ""), EntryKind.INFO)
        booking = self.day(ntry.get("b", ""), where, "BookgDt")
        value_date = self.day(ntry.get("v", ""), where, "ValDt")
        reversal = ntry.get("rv", "").lower() in ("true", "1")
        if value is None:
            return []
        amount, currency = value
        day = booking or value_date
        entry_ref = ntry.get("r", "")
        parts: list[tuple[Record | None, Decimal, str]]
        if len(transactions) <= 1:
            tx = transactions[0] if transactions else None
            external = (entry_ref or _strong_ref(tx) or _weak_ref(tx, day, amount)
                        or _qualified(ntry.get("nr", ""), day, amount))
            parts = [(tx, amount, external)]
        else:
            split = self.split(transactions, amount, currency, where)
            if split is None:
                return []
            parts = [(tx, tx_amount,
                      _strong_ref(tx) or _weak_ref(tx, day, tx_amount)
                      or (f"{entry_ref}/{position}" if entry_ref else ""))
                     for position, (tx, tx_amount) in enumerate(
                         zip(transactions, split, strict=True), 1)]
        result = []
        entry_code = _bank_code(ntry)
        for tx, tx_amount, external in parts:
            tx = tx or {}
            if tx_amount > 0:
                name = tx.get("dn") or tx.get("udn", "")
                payer_account = tx.get("di") or tx.get("do", "")
            else:
                name = tx.get("cn") or tx.get("ucn", "")
                payer_account = tx.get("ci") or tx.get("co", "")
            refs = _values(tx.get("ref", ""))
            texts = _values(tx.get("u", "")) + _values(tx.get("ar", "")) + refs[1:]
            text = " ".join(texts) or tx.get("ai", "") or ntry.get("ai", "")
            self.index += 1
            result.append(StatementEntry(
                index=self.index,
                external_id=external or entry_hash(statement_id, self.index, day, tx_amount,
                                                   text),
                booking_date=booking, value_date=value_date, amount=tx_amount,
                currency=currency, payer_name=name, payer_account=payer_account,
                reference=refs[0] if refs else "", text=text,
                bank_code=_bank_code(tx) or entry_code, kind=kind, is_reversal=reversal))
        return result

    def split(self, transactions: list[Record], amount: Decimal, currency: str,
              where: str) -> list[Decimal] | None:
        """Each transaction's signed amount; None (with a problem) unless they add up to the
        entry in the entry's currency. A transaction's amount is ``TxDtls/Amt`` or
        ``TxDtls/AmtDtls/TxAmt/Amt``, preferring the one in the entry's currency; its sign is
        its own ``CdtDbtInd``, else the entry's."""
        values: list[tuple[Decimal, str]] = []
        default_sign = 1 if amount > 0 else -1
        for position, tx in enumerate(transactions, 1):
            keys = [k for k in ("a", "ta") if tx.get(k)]
            keys.sort(key=lambda k: tx.get(k + "c") != currency)
            if not keys:
                self.problems.add(where, "NtryDtls/TxDtls/Amt", "transaction_amount_missing",
                                  count=len(transactions), position=position)
                return None
            value = self.amount(tx, keys[0], f"{where}, transaction {position}",
                                "TxDtls" if keys[0] == "a" else "TxDtls/AmtDtls/TxAmt",
                                default_sign=default_sign)
            if value is None:
                return None
            values.append(value)
        totals: dict[str, Decimal] = {}
        for tx_amount, tx_currency in values:
            totals[tx_currency] = totals.get(tx_currency, Decimal(0)) + tx_amount
        if totals != {currency: amount}:
            self.problems.add(where, "NtryDtls/TxDtls/Amt", "transaction_sum_mismatch",
                              count=len(transactions),
                              total=" + ".join(f"{v} {c}" for c, v in totals.items()),
                              entry_amount=f"{amount} {currency}")
            return None
        return [v for v, _ in values]

    # -- values ----------------------------------------------------------------------------
    def amount(self, record: Record, key: str, where: str, path: str, *,
               default_sign: int | None = None) -> tuple[Decimal, str] | None:
        """The signed amount under ``key`` (currency under key + "c", credit/debit mark under
        "m"; without a mark, ``default_sign``)."""
        written = record.get(key, "")
        if not written:
            self.problems.add(where, f"{path}/Amt", "missing")
            return None
        currency = record.get(key + "c", "")
        value = plain_amount(written)
        if value is None:
            self.problems.add(where, f"{path}/Amt", "bad_amount", value=written)
            return None
        if not is_currency(currency):
            self.problems.add(where, f"{path}/Amt/@Ccy", "bad_currency", value=currency)
            return None
        places = precision_exceeded(written, currency)
        if places is not None:
            self.problems.add(where, f"{path}/Amt", "amount_precision", value=written,
                              places=places, currency=currency,
                              allowed=minor_units(currency))
            return None
        mark = record.get("m", "")
        if mark == "CRDT":
            sign = 1
        elif mark == "DBIT":
            sign = -1
        elif not mark and default_sign is not None:
            sign = default_sign
        else:
            self.problems.add(where, f"{path}/CdtDbtInd", "bad_indicator", value=mark)
            return None
        value = to_places(value, currency)
        return (value if sign > 0 else -value), currency

    def day(self, written: str, where: str, path: str) -> date | None:
        """A date, or the date part of a date-time as written (in the bank's offset)."""
        if not written:
            return None
        try:
            return date.fromisoformat(written[:10])
        except ValueError:
            self.problems.add(where, path, "bad_date", value=written, expected="YYYY-MM-DD")
            return None

    def timestamp(self, written: str, where: str, path: str) -> datetime | None:
        if not written:
            return None
        try:
            return datetime.fromisoformat(written)
        except ValueError:
            self.problems.add(where, path, "bad_date", value=written,
                              expected="YYYY-MM-DDThh:mm:ss")
            return None


def _bank_code(record: Record | None) -> str:
    """The bank transaction code: ISO domain-family-subfamily, else the proprietary code."""
    if not record:
        return ""
    domain = record.get("d")
    if not domain:
        return record.get("p", "")
    family, subfamily = record.get("f"), record.get("sf")
    if family and subfamily:
        return f"{domain}-{family}-{subfamily}"
    return "-".join(v for v in (domain, family, subfamily) if v)


def _values(joined: str) -> list[str]:
    """The values of a key that may repeat (see :data:`.camtflat.REPEAT`)."""
    if not joined:
        return []
    if REPEAT not in joined:
        return [joined]
    return [v for v in joined.split(REPEAT) if v]


def _strong_ref(tx: Record | None) -> str:
    """An id the account servicer guarantees unique: its own reference, or the UETR."""
    if not tx:
        return ""
    return tx.get("r") or tx.get("uetr", "")


def _weak_ref(tx: Record | None, day: date | None, amount: Decimal) -> str:
    if not tx:
        return ""
    for key in _WEAK_REFS:
        value = tx.get(key, "")
        if value and value.upper() != "NOTPROVIDED":
            return _qualified(value, day, amount)
    return ""


def _qualified(reference: str, day: date | None, amount: Decimal) -> str:
    """A reference that is not unique on its own (end-to-end id, TxId, NtryRef) made into an
    id with the day and amount: a payer who reuses an end-to-end id every month still gets a
    new payment each month."""
    if not reference:
        return ""
    return f"{reference}@{day.isoformat() if day else ''}/{amount}"


__all__ = ["StatementError", "parse_camt", "parse_camt053", "parse_camt054", "sniff"]
