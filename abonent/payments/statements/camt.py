"""ISO 20022 bank-to-customer messages: camt.053 (statement) and camt.054 (debit/credit
notification), every schema version, read by local element names.

One :class:`StatementEntry` per transaction (``Ntry/NtryDtls/TxDtls``) when an entry holds
several, each with its own amount (the transactions must add up to the entry); otherwise one
per entry. Credit or debit by ``CdtDbtInd``; an amount with more decimals than its currency
allows is refused, never rounded. See docs/statements.md for the field mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .common import (
    entry_hash,
    is_currency,
    minor_units,
    plain_amount,
    precision_exceeded,
    squash,
    with_unique_ids,
)
from .model import EntryKind, Format, Statement, StatementEntry
from .problems import Collector, StatementError
from .xmlsafe import Element, XMLSyntaxError, child, children, has_doctype, iterparse, text

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
_WEAK_REFS = ("EndToEndId", "TxId")  # set by the payer or its bank: not unique on their own


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
    assert found is not None
    message, namespace = found
    if message not in _MESSAGES:
        problems.refuse("", "Document", "unsupported_message", message=message)
    fmt, document, statement_tag = _MESSAGES[message]
    if expect is not None and fmt is not expect:
        problems.refuse("", "Document", "format_mismatch", found=message,
                        expected=expect.value)
    return _Reader(namespace, fmt, problems).read(data, document, statement_tag)


@dataclass(frozen=True)
class _Details:
    payer_name: str
    payer_account: str
    reference: str
    text: str


class _Reader:
    def __init__(self, namespace: str, fmt: Format, problems: Collector) -> None:
        self.ns = namespace
        self.format = fmt
        self.problems = problems
        self.filename = problems.file
        self._tags: dict[str, str] = {}
        self.index = 0  # StatementEntry objects so far in the file

    # -- element access by local name ------------------------------------------------------
    def tag(self, local: str) -> str:
        try:
            return self._tags[local]
        except KeyError:
            clark = self._tags[local] = f"{{{self.ns}}}{local}"
            return clark

    def find(self, element: Element | None, *path: str) -> Element | None:
        for local in path:
            element = child(element, self.tag(local))
            if element is None:
                return None
        return element

    def get(self, element: Element | None, *path: str) -> str:
        return text(self.find(element, *path))

    def all(self, element: Element | None, *path: str) -> list[Element]:
        """Every element at ``path`` (each step may repeat)."""
        current = [element] if element is not None else []
        for local in path:
            current = [c for e in current for c in children(e, self.tag(local))]
        return current

    # -- the file --------------------------------------------------------------------------
    def read(self, data: bytes, document: str, statement_tag: str) -> list[Statement]:
        stmt_tag, entry_tag = self.tag(statement_tag), self.tag("Ntry")
        statements: list[Statement] = []
        entries: list[StatementEntry] = []
        statement_id = ""
        number = entry_number = 0
        try:
            for event, element in iterparse(data, (stmt_tag, entry_tag)):
                if event == "start":
                    if element.tag == stmt_tag:
                        number += 1
                        entry_number = 0
                        entries = []
                        statement_id = ""
                    continue
                if element.tag == entry_tag:
                    entry_number += 1
                    if not statement_id:
                        statement_id = self.get(element.getparent(), "Id")
                    entries.extend(self.entry(element, number, entry_number, statement_id))
                else:
                    statements.append(self.statement(element, number, entries))
                parent = element.getparent()
                element.clear()
                if parent is not None:
                    parent.remove(element)
        except XMLSyntaxError as exc:
            line = getattr(exc, "lineno", 0) or 0
            self.problems.refuse(f"line {line}" if line else "", "", "xml_malformed",
                                 error=str(exc.msg if hasattr(exc, "msg") else exc))
        if not statements:
            self.problems.refuse("", f"{document}/{statement_tag}", "no_statement",
                                 element=statement_tag)
        self.problems.raise_if_any()
        return with_unique_ids(statements)

    # -- one statement ----------------------------------------------------------------------
    def statement(self, element: Element, number: int,
                  entries: list[StatementEntry]) -> Statement:
        where = f"statement {number}"
        statement_id = self.get(element, "Id")
        if not statement_id:
            self.problems.add(where, "Id", "missing")
        account_id = self.find(element, "Acct", "Id")
        account = self.get(account_id, "IBAN") or self.get(account_id, "Othr", "Id")
        if not account:
            self.problems.add(where, "Acct/Id", "missing")
        opening = closing = None
        for balance in self.all(element, "Bal"):
            code = (self.get(balance, "Tp", "CdOrPrtry", "Cd")
                    or self.get(balance, "Tp", "CdOrPrtry", "Prtry"))
            if code not in _OPENING and code not in _CLOSING:
                continue
            value = self.amount(balance, f"{where}, balance {code}", "Bal")
            if value is None:
                continue
            if code in _CLOSING and closing is None:
                closing = value
            elif code in _OPENING and (opening is None or code == _OPENING[0]):
                opening = value
        currency = (self.get(element, "Acct", "Ccy")
                    or (opening[1] if opening else "") or (closing[1] if closing else "")
                    or (entries[0].currency if entries else ""))
        interval = self.find(element, "FrToDt")
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
            created_at=self.timestamp(self.get(element, "CreDtTm"), where, "CreDtTm"),
            from_date=self.day(self.get(interval, "FrDtTm"), where, "FrToDt/FrDtTm"),
            to_date=self.day(self.get(interval, "ToDtTm"), where, "FrToDt/ToDtTm"),
            filename=self.filename,
        )

    # -- one entry -------------------------------------------------------------------------
    def entry(self, ntry: Element, number: int, entry_number: int,
              statement_id: str) -> list[StatementEntry]:
        where = f"statement {number}, entry {entry_number}"
        value = self.amount(ntry, where, "Ntry")
        status = self.get(ntry, "Sts") or self.get(ntry, "Sts", "Cd") or self.get(
            ntry, "Sts", "Prtry")
        kind = _STATUS.get(status, EntryKind.INFO)
        booking = self.date_of(self.find(ntry, "BookgDt"), where, "BookgDt")
        value_date = self.date_of(self.find(ntry, "ValDt"), where, "ValDt")
        reversal = self.get(ntry, "RvslInd").lower() in ("true", "1")
        bank_code = self.bank_code(ntry)
        transactions = self.all(ntry, "NtryDtls", "TxDtls")
        if value is None:
            return []
        amount, currency = value
        entry_ref = self.get(ntry, "AcctSvcrRef")
        day = booking or value_date
        if len(transactions) <= 1:
            tx = transactions[0] if transactions else None
            external = (entry_ref or self.strong_ref(tx) or self.weak_ref(tx, day, amount)
                        or _qualified(self.get(ntry, "NtryRef"), day, amount))
            parts = [(tx, amount, external)]
        else:
            split = self.split(transactions, amount, currency, where)
            if split is None:
                return []
            parts = [(tx, tx_amount,
                      self.strong_ref(tx) or self.weak_ref(tx, day, tx_amount)
                      or (f"{entry_ref}/{position}" if entry_ref else ""))
                     for position, (tx, tx_amount) in enumerate(
                         zip(transactions, split, strict=True), 1)]
        result = []
        for tx, tx_amount, external in parts:
            details = self.details(tx, tx_amount > 0, ntry)
            self.index += 1
            result.append(StatementEntry(
                index=self.index,
                external_id=external or entry_hash(statement_id, self.index, day, tx_amount,
                                                   details.text),
                booking_date=booking, value_date=value_date, amount=tx_amount,
                currency=currency, payer_name=details.payer_name,
                payer_account=details.payer_account, reference=details.reference,
                text=details.text, bank_code=self.bank_code(tx) or bank_code, kind=kind,
                is_reversal=reversal))
        return result

    def split(self, transactions: list[Element], amount: Decimal, currency: str,
              where: str) -> list[Decimal] | None:
        """Each transaction's signed amount; None (with a problem) unless they add up to the
        entry in the entry's currency."""
        values: list[tuple[Decimal, str]] = []
        for position, tx in enumerate(transactions, 1):
            holder = self.amount_holder(tx, currency)
            if holder is None:
                self.problems.add(where, "NtryDtls/TxDtls/Amt", "transaction_amount_missing",
                                  count=len(transactions), position=position)
                return None
            value = self.amount(holder, f"{where}, transaction {position}",
                                "TxDtls" if holder is tx else "TxDtls/AmtDtls/TxAmt",
                                sign_from=tx, default_sign=1 if amount > 0 else -1)
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
        amounts = [v for v, _ in values]
        return amounts

    def amount_holder(self, tx: Element, currency: str) -> Element | None:
        """Where a transaction's own amount is: ``TxDtls/Amt`` or ``TxDtls/AmtDtls/TxAmt/Amt``,
        preferring the one in the entry's currency."""
        holders = [h for h in (tx, self.find(tx, "AmtDtls", "TxAmt"))
                   if h is not None and self.find(h, "Amt") is not None]
        for holder in holders:
            element = self.find(holder, "Amt")
            if element is not None and element.get("Ccy") == currency:
                return holder
        return holders[0] if holders else None

    def details(self, tx: Element | None, credit: bool, ntry: Element) -> _Details:
        """Counterparty, reference and text of a transaction (of the entry when it has no
        transaction details)."""
        parties = self.find(tx, "RltdPties")
        side, ultimate, account = (("Dbtr", "UltmtDbtr", "DbtrAcct") if credit
                                   else ("Cdtr", "UltmtCdtr", "CdtrAcct"))
        name = self.party_name(self.find(parties, side)) or self.party_name(
            self.find(parties, ultimate))
        account_id = self.find(parties, account, "Id")
        payer_account = self.get(account_id, "IBAN") or self.get(account_id, "Othr", "Id")
        remittance = self.find(tx, "RmtInf")
        refs = [self.get(s, "CdtrRefInf", "Ref") for s in self.all(remittance, "Strd")]
        refs = [r for r in refs if r]
        texts = [text(u) for u in self.all(remittance, "Ustrd")]
        texts += [text(a) for a in self.all(remittance, "Strd", "AddtlRmtInf")]
        texts += refs[1:]
        texts = [t for t in texts if t]
        if not texts:
            texts = [self.get(tx, "AddtlTxInf") or self.get(ntry, "AddtlNtryInf")]
        return _Details(squash(name), payer_account, refs[0] if refs else "",
                        squash(" ".join(texts)))

    def party_name(self, party: Element | None) -> str:
        return (self.get(party, "Nm") or self.get(party, "Pty", "Nm")
                or self.get(party, "Agt", "FinInstnId", "Nm"))

    def strong_ref(self, tx: Element | None) -> str:
        """An id the account servicer guarantees unique: its own reference, or the UETR."""
        refs = self.find(tx, "Refs")
        return self.get(refs, "AcctSvcrRef") or self.get(refs, "UETR")

    def weak_ref(self, tx: Element | None, day: date | None, amount: Decimal) -> str:
        refs = self.find(tx, "Refs")
        for name in _WEAK_REFS:
            value = self.get(refs, name)
            if value and value.upper() != "NOTPROVIDED":
                return _qualified(value, day, amount)
        return ""

    def bank_code(self, holder: Element | None) -> str:
        codes = self.find(holder, "BkTxCd")
        domain = self.find(codes, "Domn")
        if domain is not None:
            parts = (self.get(domain, "Cd"), self.get(domain, "Fmly", "Cd"),
                     self.get(domain, "Fmly", "SubFmlyCd"))
            return "-".join(p for p in parts if p)
        return self.get(codes, "Prtry", "Cd")

    # -- values ----------------------------------------------------------------------------
    def amount(self, holder: Element, where: str, path: str, *,
               sign_from: Element | None = None,
               default_sign: int | None = None) -> tuple[Decimal, str] | None:
        """The signed amount of ``holder``'s ``Amt`` and ``CdtDbtInd`` (taken from
        ``sign_from`` when given, else ``default_sign``), with its currency."""
        element = self.find(holder, "Amt")
        if element is None:
            self.problems.add(where, f"{path}/Amt", "missing")
            return None
        written = text(element)
        currency = (element.get("Ccy") or "").strip()
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
        mark = self.get(sign_from if sign_from is not None else holder, "CdtDbtInd")
        if mark == "CRDT":
            sign = 1
        elif mark == "DBIT":
            sign = -1
        elif not mark and default_sign is not None:
            sign = default_sign
        else:
            self.problems.add(where, f"{path}/CdtDbtInd", "bad_indicator", value=mark)
            return None
        return (value if sign > 0 else -value), currency

    def date_of(self, holder: Element | None, where: str, path: str) -> date | None:
        """``Dt``, or the date part of ``DtTm`` (as written, in the bank's offset)."""
        written = self.get(holder, "Dt")
        if written:
            return self.day(written, where, f"{path}/Dt")
        return self.day(self.get(holder, "DtTm"), where, f"{path}/DtTm")

    def day(self, written: str, where: str, path: str) -> date | None:
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


def _qualified(reference: str, day: date | None, amount: Decimal) -> str:
    """A reference that is not unique on its own (end-to-end id, TxId, NtryRef) made into an
    id with the day and amount: a payer who reuses an end-to-end id every month still gets a
    new payment each month."""
    if not reference:
        return ""
    return f"{reference}@{day.isoformat() if day else ''}/{amount}"


__all__ = ["StatementError", "parse_camt", "parse_camt053", "parse_camt054", "sniff"]
