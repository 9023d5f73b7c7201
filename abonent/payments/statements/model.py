"""The values a parsed bank file becomes: statements, their entries, and CNAB title details.

Every amount is an exact ``Decimal`` as written in the file, signed from the account holder's
side: a credit (money in) is positive, a debit (money out) negative. Nothing is rounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from .problems import Problem


class Format(StrEnum):
    CAMT053 = "camt053"
    CAMT054 = "camt054"
    MT940 = "mt940"
    CNAB240 = "cnab240"
    CSV = "csv"


class EntryKind(StrEnum):
    """What an entry is. Only ``BOOKED`` entries moved money on the account; an importer
    skips the others and can say why (``StatementEntry.kind`` is the reason)."""

    BOOKED = "booked"  # CAMT status BOOK, every MT940 and CSV line, a CNAB liquidation
    PENDING = "pending"  # CAMT status PDNG: announced, not booked yet
    INFO = "info"  # CAMT status INFO, or a CNAB occurrence that only informs
    REGISTERED = "registered"  # CNAB: the bank confirmed a title (boleto) was registered
    REJECTED = "rejected"  # CNAB: the bank rejected an instruction or a title
    WRITTEN_OFF = "written_off"  # CNAB: the title was written off (baixa), not paid
    FEE = "fee"  # CNAB: the bank debited its fees or costs
    REVERSAL = "reversal"  # CNAB: an earlier liquidation was undone (cheque returned, estorno)


@dataclass(frozen=True)
class CnabDetails:
    """What a CNAB 240 return file says about one title (boleto), from segments T and U.
    Amounts are in BRL with two decimals; dates are ``None`` where the bank left them blank."""

    movement_code: str  # T 16-17: 06 liquidation, 02 entry confirmed, ...
    movement_reason: str  # T motive codes (rejection reasons, liquidation channel), raw
    our_number: str  # nosso número: the bank's id of the title
    document_number: str  # seu número / número do documento: the beneficiary's id
    company_reference: str  # identificação do título na empresa (uso da empresa)
    due_date: date | None
    title_amount: Decimal  # valor nominal do título
    payer_document: str  # CPF (11 digits) or CNPJ (14 digits) of the payer, digits only
    fee: Decimal  # tarifa / custas
    interest: Decimal  # juros / multa / encargos
    discount: Decimal
    rebate: Decimal  # abatimento
    iof: Decimal
    paid_amount: Decimal  # valor pago pelo sacado
    net_amount: Decimal  # valor líquido a ser creditado
    other_expenses: Decimal
    other_credits: Decimal
    occurrence_date: date | None
    credit_date: date | None


@dataclass(frozen=True)
class StatementEntry:
    """One transaction of a statement.

    ``index`` is the 1-based position in the file (across all its statements), for messages.
    ``external_id`` is the bank's stable id of the transaction, or a deterministic hash when the
    file gives none, so that reading the same file twice yields the same ids (see
    docs/statements.md, "How ids are chosen"). ``payer_name`` and ``payer_account`` are the
    counterparty: the debtor of a credit, the creditor of a debit.
    """

    index: int
    external_id: str
    booking_date: date | None
    value_date: date | None
    amount: Decimal
    currency: str
    payer_name: str = ""
    payer_account: str = ""
    reference: str = ""
    text: str = ""
    bank_code: str = ""
    kind: EntryKind = EntryKind.BOOKED
    is_reversal: bool = False
    cnab: CnabDetails | None = None

    @property
    def effective_date(self) -> date | None:
        """The day the money counts from: the value date, else the booking date."""
        return self.value_date or self.booking_date

    @property
    def is_credit(self) -> bool:
        return self.amount > 0


@dataclass(frozen=True)
class Statement:
    """One statement (or camt.054 notification, or CNAB return file) of one account.

    ``opening_balance``/``closing_balance`` are signed like entries and ``None`` when the file
    has none; ``opening_currency``/``closing_currency`` are the currencies they are written in
    (normally ``currency``; :func:`reconcile` flags a difference). ``warnings`` are oddities that
    do not stop the import (a CNAB batch trailer that miscounts its records, say).
    """

    format: Format
    statement_id: str
    account: str
    currency: str
    entries: tuple[StatementEntry, ...]
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    opening_currency: str | None = None
    closing_currency: str | None = None
    created_at: datetime | None = None
    from_date: date | None = None
    to_date: date | None = None
    filename: str = ""
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def booked(self) -> tuple[StatementEntry, ...]:
        """The entries that moved money on the account."""
        return tuple(e for e in self.entries if e.kind is EntryKind.BOOKED)

    @property
    def booked_total(self) -> Decimal:
        """The signed sum of the booked entries: what takes the opening to the closing balance."""
        return sum((e.amount for e in self.booked), Decimal(0))

    @property
    def credits_total(self) -> Decimal:
        return sum((e.amount for e in self.booked if e.amount > 0), Decimal(0))

    @property
    def debits_total(self) -> Decimal:
        return sum((e.amount for e in self.booked if e.amount < 0), Decimal(0))
