"""Where the test files are, and writers that turn entries back into MT940 and CSV text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from abonent.payments.statements import CsvMapping

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def shared_statements() -> Path | None:
    """``shared/data/bank-statements`` beside the project root (the project root's parent holds
    ``shared/``), found by walking up from this file; None when it is not there."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / "bank-statements"
        if candidate.is_dir():
            return candidate
    return None


@dataclass(frozen=True)
class Line:
    """What a test writes into a file: one transaction."""

    day: date
    amount: Decimal
    text: str
    payer_name: str = ""
    reference: str = ""
    bank_reference: str = ""


def mt940(lines: Sequence[Line], *, opening: Decimal, reference: str = "STMT1",
          account: str = "NL91ABNA0417164300", currency: str = "EUR",
          blocks: bool = True) -> bytes:
    """An MT940 message for ``lines``, its :86: hard-wrapped at 65 characters as banks do."""
    out: list[str] = []
    if blocks:
        out.append("{1:F01ABNANL2AXXXX0000000000}{2:O940ABNANL2AXXXXN}{4:")
    out += [f":20:{reference}", f":25:{account}", ":28C:1/1",
            f":60F:{_balance(opening, lines[0].day if lines else date(2024, 1, 1), currency)}"]
    for line in lines:
        mark = "C" if line.amount >= 0 else "D"
        owner = line.reference or "NONREF"
        bank = f"//{line.bank_reference}" if line.bank_reference else ""
        out.append(f":61:{line.day:%y%m%d}{line.day:%m%d}{mark}{_amount(line.amount)}NTRF"
                   f"{owner}{bank}")
        info = line.text
        out.append(":86:" + info[:61])
        out += [info[i:i + 65] for i in range(61, len(info), 65)]
    closing = opening + sum((line.amount for line in lines), Decimal(0))
    out.append(f":62F:{_balance(closing, lines[-1].day if lines else date(2024, 1, 1), currency)}")
    if blocks:
        out.append("-}")
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


def _amount(value: Decimal) -> str:
    return f"{abs(value):.2f}".replace(".", ",")


def _balance(value: Decimal, day: date, currency: str) -> str:
    return f"{'C' if value >= 0 else 'D'}{day:%y%m%d}{currency}{_amount(value)}"


def csv_file(lines: Sequence[Line], mapping: CsvMapping) -> bytes:
    """A CSV export written the way ``mapping`` reads it (header names as in the mapping)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=mapping.delimiter, quotechar=mapping.quotechar,
                        lineterminator="\r\n")
    columns = mapping.columns
    header = ["Date", "Amount", "Name", "Reference", "Details"]
    if mapping.has_header:
        writer.writerow(header)
    for line in lines:
        amount = f"{line.amount:.2f}".replace(".", mapping.decimal_separator)
        writer.writerow([line.day.strftime(mapping.date_format), amount, line.payer_name,
                         line.reference, line.text])
    assert columns.date in ("Date", 1)
    return buffer.getvalue().encode(mapping.encoding)
