"""Brazilian CNAB 240 return files (retorno de cobrança, FEBRABAN layout).

Records are fixed 240-character lines: file header (type 0), batch header (1), details (3) in
segment T/U pairs, batch trailer (5), file trailer (9). Segment T describes the title (boleto):
nosso número, seu número, due date, face value, payer; segment U what happened to it: amount
paid, interest, discount, rebate, fees, occurrence and credit dates. Amounts are integers in
centavos. Banks move some T fields: each bank's positions are in ``_T_LAYOUTS``.

Each T/U pair becomes one entry of kind ``BOOKED`` when its movement code is a liquidation
(money paid), otherwise of the kind that says why an importer should skip it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from .common import entry_hash, squash, with_unique_ids, without_gc
from .model import CnabDetails, EntryKind, Format, Statement, StatementEntry
from .problems import Collector, Problem

RECORD = 240


@dataclass(frozen=True)
class _Span:
    """Positions ``start``..``end`` of a record, 1-based and inclusive, as in the manuals."""

    start: int
    end: int
    name: str

    def of(self, line: str) -> str:
        return line[self.start - 1:self.end]

    @property
    def label(self) -> str:
        return f"{self.start:03d}-{self.end:03d} {self.name}"


@dataclass(frozen=True)
class _TLayout:
    our_number: _Span
    document_number: _Span
    due_date: _Span
    title_amount: _Span
    company_reference: _Span
    payer_document: _Span
    payer_name: _Span
    fee: _Span
    reason: _Span


_FEBRABAN_T = _TLayout(
    our_number=_Span(38, 57, "nosso número"),
    document_number=_Span(59, 73, "número do documento"),
    due_date=_Span(74, 81, "vencimento"),
    title_amount=_Span(82, 96, "valor nominal"),
    company_reference=_Span(106, 130, "uso da empresa"),
    payer_document=_Span(134, 148, "inscrição do pagador"),
    payer_name=_Span(149, 188, "nome do pagador"),
    fee=_Span(199, 213, "tarifa"),
    reason=_Span(214, 223, "motivo da ocorrência"),
)

_T_LAYOUTS: dict[str, _TLayout] = {
    # Caixa (SIGCB): modalidade (40-41) + nosso número (42-56); document number 59-69.
    "104": _TLayout(
        our_number=_Span(40, 56, "nosso número"),
        document_number=_Span(59, 69, "número do documento"),
        due_date=_FEBRABAN_T.due_date, title_amount=_FEBRABAN_T.title_amount,
        company_reference=_FEBRABAN_T.company_reference,
        payer_document=_FEBRABAN_T.payer_document, payer_name=_FEBRABAN_T.payer_name,
        fee=_FEBRABAN_T.fee, reason=_FEBRABAN_T.reason),
    # Santander: 4-digit agency and 9-digit account move every later field 4 places left.
    "033": _TLayout(
        our_number=_Span(41, 53, "nosso número"),
        document_number=_Span(55, 69, "seu número"),
        due_date=_Span(70, 77, "vencimento"),
        title_amount=_Span(78, 92, "valor nominal"),
        company_reference=_Span(101, 125, "uso da empresa"),
        payer_document=_Span(129, 143, "inscrição do pagador"),
        payer_name=_Span(144, 183, "nome do pagador"),
        fee=_Span(194, 208, "tarifa"),
        reason=_Span(209, 218, "motivo da ocorrência")),
}

# Segment U is the same for every bank.
_U_INTEREST = _Span(18, 32, "juros/multa/encargos")
_U_DISCOUNT = _Span(33, 47, "desconto")
_U_REBATE = _Span(48, 62, "abatimento")
_U_IOF = _Span(63, 77, "IOF")
_U_PAID = _Span(78, 92, "valor pago")
_U_NET = _Span(93, 107, "valor líquido")
_U_OTHER_EXPENSES = _Span(108, 122, "outras despesas")
_U_OTHER_CREDITS = _Span(123, 137, "outros créditos")
_U_OCCURRENCE = _Span(138, 145, "data da ocorrência")
_U_CREDIT = _Span(146, 153, "data do crédito")
_MOVEMENT = _Span(16, 17, "código de movimento")

# Beneficiary account in the file header: (agency, agency digit, account, account digit).
_FEBRABAN_ACCOUNT = (_Span(53, 57, "agência"), _Span(58, 58, "DV"), _Span(59, 70, "conta"),
                     _Span(71, 71, "DV"))
_ACCOUNTS: dict[str, tuple[_Span, _Span, _Span, _Span | None]] = {
    "104": (_Span(53, 57, "agência"), _Span(58, 58, "DV"), _Span(59, 64, "beneficiário"),
            None),
    "033": (_Span(33, 36, "agência"), _Span(37, 37, "DV"), _Span(38, 46, "conta"),
            _Span(47, 47, "DV")),
}

# FEBRABAN movement codes (código de movimento retorno) and what they mean for money.
_PAYMENT_CODES = {"06", "17"}  # liquidação; liquidação após baixa / título não registrado
_KINDS: dict[str, EntryKind] = {
    "02": EntryKind.REGISTERED,
    "03": EntryKind.REJECTED, "26": EntryKind.REJECTED, "30": EntryKind.REJECTED,
    "09": EntryKind.WRITTEN_OFF, "25": EntryKind.WRITTEN_OFF,
    "28": EntryKind.FEE,
    "44": EntryKind.REVERSAL,  # título pago com cheque devolvido
}
_BANK_KINDS: dict[str, dict[str, EntryKind]] = {
    # Caixa: 46 liquidação on-line; 44 estorno de baixa/liquidação; 47 estorno on-line.
    "104": {"46": EntryKind.BOOKED, "44": EntryKind.REVERSAL, "47": EntryKind.REVERSAL},
}


def looks_like_cnab240(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf")
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    return len(first) >= 200 and first[:3].isdigit() and first[3:8] == b"00000"


def movement_kind(bank: str, code: str) -> EntryKind:
    """What a movement code means for money: ``BOOKED`` for a liquidation."""
    special = _BANK_KINDS.get(bank, {})
    if code in special:
        return special[code]
    if code in _PAYMENT_CODES:
        return EntryKind.BOOKED
    return _KINDS.get(code, EntryKind.INFO)


@without_gc
def parse_cnab240(data: bytes, *, filename: str) -> list[Statement]:
    """The return file as one statement of BRL entries (one per T/U pair)."""
    return [_Reader(filename).read(data)]


class _Reader:
    def __init__(self, filename: str) -> None:
        self.problems = Collector(filename)
        self.warnings: list[Problem] = []
        self.filename = filename
        self.index = 0

    def warn(self, location: str, field_name: str, code: str, **params: str | int) -> None:
        self.warnings.append(Problem(self.filename, location, field_name, code, params))

    def read(self, data: bytes) -> Statement:
        lines = self.lines(data)
        if not lines or lines[0][1][7:8] != "0":
            self.problems.refuse("line 1", "008 tipo de registro", "cnab_no_header")
        header_line, header = lines[0]
        bank = header[:3]
        if lines[-1][1][7:8] != "9":
            self.problems.refuse(f"line {lines[-1][0]}", "008 tipo de registro",
                                 "cnab_no_trailer")
        layout = _T_LAYOUTS.get(bank, _FEBRABAN_T)
        entries: list[StatementEntry] = []
        batch_start = 0
        batches = 0
        pending_t: tuple[int, str] | None = None
        statement_id = self.statement_id(header, header_line)
        for position, (number, line) in enumerate(lines):
            where = f"line {number}"
            if line[:3] != bank:
                self.problems.add(where, "001-003 banco", "cnab_bank_mismatch",
                                  value=line[:3], bank=bank)
                continue
            record = line[7:8]
            if record == "1":
                batch_start, batches = position, batches + 1
            elif record == "3":
                segment = line[13:14]
                if segment == "T":
                    if pending_t is not None:
                        self.problems.add(where, "014 segmento", "cnab_segment_order",
                                          segment="T", expected="U")
                    pending_t = (number, line)
                elif segment == "U":
                    if pending_t is None:
                        self.problems.add(where, "014 segmento", "cnab_segment_order",
                                          segment="U", expected="T")
                        continue
                    entry = self.entry(bank, layout, pending_t, (number, line), statement_id)
                    if entry is not None:
                        entries.append(entry)
                    pending_t = None
            elif record == "5":
                self.check_count(line, number, position - batch_start + 1, "batch trailer")
            elif record == "9":
                self.check_count(line, number, len(lines), "file trailer")
                stated_batches = line[17:23].strip()
                if stated_batches.isdigit() and int(stated_batches) != batches:
                    self.warn(where, "018-023 quantidade de lotes", "cnab_record_count",
                              record="file trailer (batches)", stated=int(stated_batches),
                              counted=batches)
            elif record != "0":
                self.problems.add(where, "008 tipo de registro", "cnab_record_type",
                                  value=record)
        if pending_t is not None:
            self.problems.add(f"line {pending_t[0]}", "014 segmento", "cnab_segment_order",
                              segment="T", expected="U")
        self.problems.raise_if_any()
        created = self.header_date(header, header_line)
        statement = Statement(
            format=Format.CNAB240, statement_id=statement_id,
            account=self.account(bank, header), currency="BRL", entries=tuple(entries),
            created_at=created, from_date=created.date() if created else None,
            to_date=created.date() if created else None, filename=self.filename,
            warnings=tuple(self.warnings))
        return with_unique_ids([statement])[0]

    def lines(self, data: bytes) -> list[tuple[int, str]]:
        """(line number, record padded to 240) for each non-blank line."""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        raw_lines = text.splitlines()
        if len(raw_lines) == 1 and len(raw_lines[0]) > RECORD and len(raw_lines[0]) % RECORD == 0:
            raw_lines = [text[i:i + RECORD] for i in range(0, len(raw_lines[0]), RECORD)]
        result = []
        for number, line in enumerate(raw_lines, 1):
            if not line.strip():
                continue
            if len(line) > RECORD and line[RECORD:].strip():
                self.problems.add(f"line {number}", "", "cnab_line_length", length=len(line))
            elif len(line) < RECORD:
                self.warn(f"line {number}", "", "cnab_line_length", length=len(line))
            result.append((number, line[:RECORD].ljust(RECORD)))
        return result

    def check_count(self, line: str, number: int, counted: int, record: str) -> None:
        stated = line[17:23].strip() if record == "batch trailer" else line[23:29].strip()
        span = "018-023" if record == "batch trailer" else "024-029"
        if not stated.isdigit():
            self.warn(f"line {number}", f"{span} quantidade de registros", "bad_number",
                      value=stated)
        elif int(stated) != counted:
            self.warn(f"line {number}", f"{span} quantidade de registros", "cnab_record_count",
                      record=record, stated=int(stated), counted=counted)

    def statement_id(self, header: str, number: int) -> str:
        sequence = header[157:163].strip()
        day = self.day(header[143:151], f"line {number}", "144-151 data de geração")
        return f"{header[:3]}-{sequence}-{day.isoformat() if day else header[143:151]}"

    def header_date(self, header: str, number: int) -> datetime | None:
        day = self.day(header[143:151], f"line {number}", "144-151 data de geração")
        if day is None:
            return None
        written = header[151:157]
        moment = time(0)
        if written.isdigit():
            try:
                moment = time(int(written[:2]), int(written[2:4]), int(written[4:]))
            except ValueError:
                self.warn(f"line {number}", "152-157 hora de geração", "bad_date",
                          value=written, expected="HHMMSS")
        # The file says no time zone: kept as written (the bank's local time).
        return datetime.combine(day, moment)

    def account(self, bank: str, header: str) -> str:
        agency, agency_digit, account, account_digit = _ACCOUNTS.get(bank, _FEBRABAN_ACCOUNT)
        text = f"{agency.of(header).lstrip('0') or '0'}-{agency_digit.of(header).strip()}"
        text += f"/{account.of(header).lstrip('0') or '0'}"
        if account_digit is not None and account_digit.of(header).strip():
            text += f"-{account_digit.of(header).strip()}"
        return text

    def entry(self, bank: str, layout: _TLayout, t: tuple[int, str], u: tuple[int, str],
              statement_id: str) -> StatementEntry | None:
        (t_number, t_line), (u_number, u_line) = t, u
        t_where, u_where = f"line {t_number}", f"line {u_number}"
        movement = _MOVEMENT.of(t_line)
        u_movement = _MOVEMENT.of(u_line)
        if u_movement.strip() and u_movement != movement:
            self.problems.add(u_where, "T/U " + _MOVEMENT.label, "cnab_segment_order",
                              segment=f"U ({u_movement})", expected=f"U ({movement})")
            return None
        before = len(self.problems.problems)
        paid = self.cents(u_line, _U_PAID, u_where)
        details = CnabDetails(
            movement_code=movement,
            movement_reason=layout.reason.of(t_line).strip(),
            our_number=_meaningful(layout.our_number.of(t_line)),
            document_number=_meaningful(layout.document_number.of(t_line)),
            company_reference=_meaningful(layout.company_reference.of(t_line)),
            due_date=self.date_field(t_line, layout.due_date, t_where),
            title_amount=self.cents(t_line, layout.title_amount, t_where),
            payer_document=_meaningful(layout.payer_document.of(t_line)),
            fee=self.cents(t_line, layout.fee, t_where),
            interest=self.cents(u_line, _U_INTEREST, u_where),
            discount=self.cents(u_line, _U_DISCOUNT, u_where),
            rebate=self.cents(u_line, _U_REBATE, u_where),
            iof=self.cents(u_line, _U_IOF, u_where),
            paid_amount=paid,
            net_amount=self.cents(u_line, _U_NET, u_where),
            other_expenses=self.cents(u_line, _U_OTHER_EXPENSES, u_where),
            other_credits=self.cents(u_line, _U_OTHER_CREDITS, u_where),
            occurrence_date=self.date_field(u_line, _U_OCCURRENCE, u_where),
            credit_date=self.date_field(u_line, _U_CREDIT, u_where),
        )
        kind = movement_kind(bank, movement)
        if kind is EntryKind.BOOKED:
            if not details.our_number:
                self.problems.add(t_where, layout.our_number.label, "missing")
            if details.occurrence_date is None:
                self.problems.add(u_where, _U_OCCURRENCE.label, "missing")
        if len(self.problems.problems) > before:
            return None
        self.index += 1
        day = details.occurrence_date
        text = squash(" ".join(x for x in (details.document_number, details.company_reference)
                               if x))
        external = (f"{bank}:{details.our_number}:{day.isoformat() if day else ''}:{movement}"
                    if details.our_number else
                    entry_hash(statement_id, self.index, day, paid, text))
        return StatementEntry(
            index=self.index, external_id=external, booking_date=day,
            value_date=details.credit_date, amount=paid, currency="BRL",
            payer_name=_meaningful(layout.payer_name.of(t_line)), payer_account="",
            reference=details.our_number, text=text, bank_code=movement, kind=kind,
            is_reversal=kind is EntryKind.REVERSAL, cnab=details)

    def cents(self, line: str, span: _Span, where: str) -> Decimal:
        written = span.of(line).strip()
        if not written:
            return Decimal("0.00")
        if not written.isdigit():
            self.problems.add(where, span.label, "bad_number", value=written)
            return Decimal("0.00")
        return Decimal(int(written)).scaleb(-2)

    def date_field(self, line: str, span: _Span, where: str) -> date | None:
        return self.day(span.of(line), where, span.label)

    def day(self, written: str, where: str, label: str) -> date | None:
        """DDMMAAAA; blank or zeros mean no date."""
        written = written.strip()
        if not written or not written.strip("0"):
            return None
        try:
            if len(written) != 8 or not written.isdigit():
                raise ValueError(written)
            return date(int(written[4:]), int(written[2:4]), int(written[:2]))
        except ValueError:
            self.problems.add(where, label, "bad_date", value=written, expected="DDMMAAAA")
            return None


def _meaningful(value: str) -> str:
    """A text field trimmed; all zeros (banks fill unused fields so) means empty."""
    value = value.strip()
    return "" if not value.strip("0") else value
