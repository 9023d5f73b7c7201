"""SWIFT MT940 customer statements, with or without the ``{1:}{2:}{4:...-}`` blocks.

Fields read: :20: (reference), :25: (account), :28C: (statement number), :60F:/:60M: (opening
balance), :61: (statement line) with its :86: (information to the account owner), :62F:/:62M:
(closing balance); :64: and :65: are read past. A file may hold several statements.

The :61: line: value date YYMMDD, optional entry date MMDD, mark C/D/RC/RD, optional funds
code, amount with a decimal comma, transaction type (N/S/F + 3), the account owner's
reference, and after ``//`` the bank's reference; a second line may add details.

A multi-line :86: is joined without separators (banks wrap it at a fixed width, in the middle
of words and references), then read as the German structured form (``166?00...?20...?32...``),
the slash-keyed form (``/NAME/.../REMI/...``), or plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .common import (
    entry_hash,
    minor_units,
    squash,
    to_places,
    with_unique_ids,
    without_gc,
)
from .model import Format, Statement, StatementEntry
from .problems import Collector

_FIELD = re.compile(r":(\d{2}[A-Z]?):(.*)")
_BALANCE = re.compile(r"(?P<mark>[CD])(?P<date>\d{6})(?P<ccy>[A-Z]{3})(?P<amount>\d[\d,]*)")
_LINE = re.compile(
    r"(?P<value>\d{6})(?P<entry>\d{4})?(?P<mark>R?[CD])(?P<funds>[A-Z])?"
    r"(?P<amount>\d[\d,]*)(?P<type>[NSF][A-Z0-9]{3})(?P<ref>.*?)(?://(?P<bank>.*))?")
_AMOUNT = re.compile(r"\d+,\d*|\d+")
_GERMAN = re.compile(r"\d{3}\?")
_GERMAN_SUB = re.compile(r"\?(\d{2})")
_SLASH_KEYS = ("TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID", "ORDP", "BENM",
               "CNTP", "PREF", "ULTC", "ULTD", "PURP", "RTRN", "ADDR", "SVWZ", "ABWA", "KREF")
_SLASH = re.compile(r"/(" + "|".join(_SLASH_KEYS) + r")/")


@dataclass
class _Field:
    tag: str
    line: int
    lines: list[str]


@dataclass
class _Block:
    """The fields of one statement, in file order."""

    line: int
    fields: list[_Field] = field(default_factory=list)


@without_gc
def parse_mt940(data: bytes, *, filename: str, encoding: str | None = None) -> list[Statement]:
    """Every statement in an MT940 file. Text is read as UTF-8, else as Windows-1252 (German
    banks' umlauts), unless ``encoding`` is given."""
    problems = Collector(filename)
    text = _decode(data, encoding, problems)
    if not text.strip():
        problems.refuse("", "", "empty_file")
    blocks = _blocks(text, problems)
    if not blocks:
        problems.refuse("", ":20:", "no_statement", element=":20:")
    reader = _Reader(problems)
    statements = [reader.statement(b, n) for n, b in enumerate(blocks, 1)]
    problems.raise_if_any()
    return with_unique_ids(statements)


def looks_like_mt940(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{1:") or head.startswith(b":20:") or bool(
        re.match(rb"[^\n]{0,80}\r?\n:20:", head))


def _decode(data: bytes, encoding: str | None, problems: Collector) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            position = getattr(exc, "start", 0)
            problems.refuse("", "", "encoding", encoding=encoding, position=position)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _blocks(text: str, problems: Collector) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    last: _Field | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("{"):
            # {1:...}{2:...}{3:...}{4: opens a message; what follows {4: on the line is text
            _, block4, rest = stripped.partition("{4:")
            last = None
            if not block4 or not rest.strip():
                continue
            line = stripped = rest.strip()
        if stripped in ("-", "-}") or stripped.startswith("-}"):
            current, last = None, None
            continue
        match = _FIELD.match(line.lstrip())  # a trailing space may belong to a wrapped :86:
        if match:
            tag, value = match.group(1), match.group(2)
            if tag == "20" or current is None:
                current = _Block(number)
                blocks.append(current)
            last = _Field(tag, number, [value])
            current.fields.append(last)
        elif last is not None:
            # kept as written: a wrapped :86: may end or start a line with a space
            last.lines.append(line)
        elif stripped:
            problems.add(f"line {number}", "", "mt940_unexpected", value=stripped[:40])
    return blocks


class _Reader:
    def __init__(self, problems: Collector) -> None:
        self.problems = problems
        self.index = 0

    def statement(self, block: _Block, number: int) -> Statement:
        where = f"statement {number} (line {block.line})"
        tags = {f.tag: f for f in reversed(block.fields)}  # first occurrence wins
        reference = _joined(tags.get("20"))
        number_field = _joined(tags.get("28C") or tags.get("28"))
        statement_id = f"{reference}/{number_field}" if number_field else reference
        account = _joined(tags.get("25"))
        for tag in ("20", "25"):
            if tag not in tags:
                self.problems.add(where, f":{tag}:", "mt940_missing_tag", tag=f":{tag}:")
        opening_field = tags.get("60F") or tags.get("60M")
        closing_field = tags.get("62F") or tags.get("62M")
        if opening_field is None:
            self.problems.add(where, ":60F:", "mt940_missing_tag", tag=":60F:")
        opening = self.balance(opening_field)
        closing = self.balance(closing_field)
        currency = (opening or closing or (None, None, ""))[2]
        entries: list[StatementEntry] = []
        fields = block.fields
        for position, item in enumerate(fields):
            if item.tag != "61":
                continue
            info = fields[position + 1] if position + 1 < len(fields) else None
            entry = self.entry(item, info if info and info.tag == "86" else None,
                               statement_id, currency)
            if entry is not None:
                entries.append(entry)
        return Statement(
            format=Format.MT940, statement_id=statement_id, account=account,
            currency=currency, entries=tuple(entries),
            opening_balance=opening[0] if opening else None,
            closing_balance=closing[0] if closing else None,
            opening_currency=opening[2] if opening else None,
            closing_currency=closing[2] if closing else None,
            from_date=opening[1] if opening else None,
            to_date=closing[1] if closing else None,
            filename=self.problems.file)

    def balance(self, item: _Field | None) -> tuple[Decimal, date, str] | None:
        if item is None:
            return None
        written = _joined(item)
        match = _BALANCE.fullmatch(written)
        where, tag = f"line {item.line}", f":{item.tag}:"
        if not match:
            self.problems.add(where, tag, "mt940_bad_balance", value=written)
            return None
        day = self.day(match["date"], where, tag)
        amount = self.amount(match["amount"], match["ccy"], where, tag)
        if day is None or amount is None:
            return None
        return (amount if match["mark"] == "C" else -amount), day, match["ccy"]

    def entry(self, item: _Field, info: _Field | None, statement_id: str,
              currency: str) -> StatementEntry | None:
        where = f"line {item.line}"
        first = item.lines[0].strip()
        match = _LINE.fullmatch(first)
        if not match:
            self.problems.add(where, ":61:", "mt940_bad_line", value=first)
            return None
        value_date = self.day(match["value"], where, ":61: value date")
        amount = self.amount(match["amount"], currency, where, ":61: amount")
        if value_date is None or amount is None:
            return None
        booking: date | None = value_date
        if match["entry"]:
            booking = self.entry_date(match["entry"], value_date, where)
        mark = match["mark"]
        signed = amount if mark in ("C", "RD") else -amount
        owner_ref = match["ref"].strip()
        bank_ref = (match["bank"] or "").strip()
        details = squash(" ".join(line.strip() for line in item.lines[1:]))
        parsed = _information("".join(info.lines) if info else "")
        text = parsed.text or details
        reference = owner_ref if owner_ref.upper() != "NONREF" else ""
        self.index += 1
        external = bank_ref if bank_ref and bank_ref.upper() != "NONREF" else entry_hash(
            statement_id, self.index, booking, signed, text)
        return StatementEntry(
            index=self.index, external_id=external, booking_date=booking,
            value_date=value_date, amount=signed, currency=currency,
            payer_name=parsed.name, payer_account=parsed.account,
            reference=reference or parsed.reference, text=text,
            bank_code=parsed.code or match["type"], is_reversal=mark.startswith("R"))

    def amount(self, written: str, currency: str, where: str, tag: str) -> Decimal | None:
        if not _AMOUNT.fullmatch(written):
            self.problems.add(where, tag, "bad_amount", value=written)
            return None
        whole, _, fraction = written.partition(",")
        if len(fraction) > minor_units(currency):
            self.problems.add(where, tag, "amount_precision", value=written,
                              places=len(fraction), currency=currency,
                              allowed=minor_units(currency))
            return None
        return to_places(Decimal(f"{whole}.{fraction}" if fraction else whole), currency)

    def day(self, written: str, where: str, tag: str) -> date | None:
        try:
            year = int(written[:2])
            return date(2000 + year if year < 80 else 1900 + year, int(written[2:4]),
                        int(written[4:6]))
        except ValueError:
            self.problems.add(where, tag, "bad_date", value=written, expected="YYMMDD")
            return None

    def entry_date(self, written: str, value_date: date, where: str) -> date | None:
        """The entry (booking) date MMDD, in the year that puts it nearest the value date."""
        try:
            month, day = int(written[:2]), int(written[2:])
            candidates = []
            for year in (value_date.year - 1, value_date.year, value_date.year + 1):
                try:
                    candidates.append(date(year, month, day))
                except ValueError:
                    continue
            if not candidates:
                raise ValueError(written)
        except ValueError:
            self.problems.add(where, ":61: entry date", "bad_date", value=written,
                              expected="MMDD")
            return None
        return min(candidates, key=lambda d: abs((d - value_date).days))


@dataclass(frozen=True)
class _Information:
    text: str = ""
    name: str = ""
    account: str = ""
    reference: str = ""
    code: str = ""


def _information(joined: str) -> _Information:
    """Read a joined :86: field."""
    if not joined:
        return _Information()
    if _GERMAN.match(joined):
        return _german(joined)
    if _SLASH.match(joined):
        return _slashed(joined)
    return _Information(text=squash(joined))


def _german(joined: str) -> _Information:
    """The German structured form: GVC code, then ?NN subfields (20-29 and 60-63 purpose, 30
    bank code, 31 account, 32-33 name)."""
    parts = _GERMAN_SUB.split(joined[4:])  # [before, key, value, key, value, ...]
    values: dict[str, str] = {}
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        values[key] = values.get(key, "") + value
    purpose = "".join(values.get(f"{n:02d}", "") for n in (*range(20, 30), *range(60, 64)))
    name = values.get("32", "") + values.get("33", "")
    return _Information(text=squash(purpose), name=squash(name),
                        account=values.get("31", "").strip(), code=joined[:3])


def _slashed(joined: str) -> _Information:
    """The slash-keyed form (/TRTP/.../IBAN/.../NAME/.../REMI/...; /CNTP/IBAN/BIC/NAME/CITY)."""
    pieces = _SLASH.split(joined)
    values: dict[str, str] = {}
    for key, value in zip(pieces[1::2], pieces[2::2], strict=True):
        values.setdefault(key, value.strip("/ "))
    name, account = values.get("NAME", ""), values.get("IBAN", "")
    if "CNTP" in values:
        counterparty = [*values["CNTP"].split("/"), "", "", ""][:3]
        account = account or counterparty[0]
        name = name or counterparty[2]
    remittance = values.get("REMI", "") or values.get("SVWZ", "")
    for prefix in ("USTD//", "USTD/", "STRD/CUR/", "STRD/ISO/"):
        if remittance.startswith(prefix):
            remittance = remittance[len(prefix):]
    return _Information(text=squash(remittance.strip("/")), name=squash(name),
                        account=account.strip(), reference=values.get("EREF", "").strip(),
                        code=values.get("TRTP", "")[:35])


def _joined(item: _Field | None) -> str:
    if item is None:
        return ""
    return "".join(line.strip() for line in item.lines)
