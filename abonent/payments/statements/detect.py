"""One entry point for every format: :func:`parse` detects the format when it is not given."""

from __future__ import annotations

from .camt import parse_camt, sniff
from .cnab240 import looks_like_cnab240, parse_cnab240
from .csvfile import CsvMapping, parse_csv
from .model import Format, Statement
from .mt940 import looks_like_mt940, parse_mt940
from .problems import Collector


def detect(data: bytes) -> Format | None:
    """The format of a bank file from its content, or None when it is none this package reads.
    CSV is never guessed: it needs a mapping."""
    head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        found = sniff(data)
        if found is None:
            return None
        return {"camt.053": Format.CAMT053, "camt.054": Format.CAMT054}.get(found[0])
    if looks_like_mt940(data):
        return Format.MT940
    if looks_like_cnab240(data):
        return Format.CNAB240
    return None


def parse(data: bytes, *, filename: str, format: Format | str | None = None,
          mapping: CsvMapping | None = None) -> list[Statement]:
    """Every statement in ``data``. ``format`` forces a format (a :class:`Format` or its
    value, "camt053"...); without it the content decides, and a CSV ``mapping`` means CSV.
    Raises :class:`StatementError` when the file cannot be imported whole."""
    problems = Collector(filename)
    if not data.strip():
        problems.refuse("", "", "empty_file")
    chosen: Format | None
    if format is not None:
        try:
            chosen = Format(format)
        except ValueError:
            problems.refuse("", "", "unknown_format")
    elif mapping is not None:
        chosen = Format.CSV
    else:
        chosen = detect(data)
        if chosen is None:
            head = data[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
            found = sniff(data) if head.startswith(b"<") else None
            if found is not None:
                problems.refuse("", "Document", "unsupported_message", message=found[0])
            problems.refuse("", "", "unknown_format")
    if chosen in (Format.CAMT053, Format.CAMT054):
        return parse_camt(data, filename=filename, expect=chosen)
    if chosen is Format.MT940:
        return parse_mt940(data, filename=filename)
    if chosen is Format.CNAB240:
        return parse_cnab240(data, filename=filename)
    if mapping is None:
        problems.refuse("", "", "csv_mapping_required")
    return parse_csv(data, filename=filename, mapping=mapping)
