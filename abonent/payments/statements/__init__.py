"""Bank statement parsers: CAMT.053/054, MT940, CNAB 240 and CSV into plain values.

Pure Python over frozen dataclasses: no Django, no ORM, no I/O beyond the bytes given. Every
amount is an exact ``Decimal``; a file is read whole or refused with every problem found
(:class:`StatementError`), each naming the entry and the field. See docs/statements.md.

    statements = parse(data, filename="statement.xml")      # format detected
    for statement in statements:
        problems = reconcile(statement)                        # opening + entries = closing?
        for entry in statement.booked:                         # what moved money
            ...
"""

from .camt import parse_camt, parse_camt053, parse_camt054
from .cnab240 import movement_kind, parse_cnab240
from .csvfile import CsvColumns, CsvMapping, parse_csv
from .detect import detect, parse
from .messages import TEMPLATES, render
from .model import CnabDetails, EntryKind, Format, Statement, StatementEntry
from .mt940 import parse_mt940
from .problems import Problem, StatementError
from .reconcile import reconcile

__all__ = [
    "TEMPLATES", "CnabDetails", "CsvColumns", "CsvMapping", "EntryKind", "Format", "Problem",
    "Statement", "StatementEntry", "StatementError", "detect", "movement_kind", "parse",
    "parse_camt", "parse_camt053", "parse_camt054", "parse_cnab240", "parse_csv",
    "parse_mt940", "reconcile", "render",
]
