"""The English wording of every problem code, in one table.

The Django layer translates a problem by its code (the msgid is the template below) and fills
in the same named parameters. Keep codes stable: they are stored with failed imports.
"""

from __future__ import annotations

from collections.abc import Mapping

TEMPLATES: dict[str, str] = {
    # Whole file
    "empty_file": "The file is empty.",
    "unknown_format": (
        "The file is not a bank statement this importer knows (CAMT.053, CAMT.054, MT940, "
        "CNAB 240, or CSV with a column mapping)."
    ),
    "unsupported_message": (
        "The file is an ISO 20022 message of type {message}, which is not a statement; "
        "only camt.053 and camt.054 are imported."
    ),
    "csv_mapping_required": "A CSV file can only be read with a column mapping for its bank.",
    "encoding": "The file cannot be read as {encoding} text (byte {position}).",
    "xml_malformed": "The file is not well-formed XML: {error}",
    "xml_doctype": (
        "The file declares a DOCTYPE; statements never need one and it is refused for safety."
    ),
    "no_statement": "The file holds no statement ({element} is missing).",
    "format_mismatch": "The file looks like {found}, not {expected}.",
    # Values
    "missing": "This required value is missing.",
    "bad_amount": "'{value}' is not an amount.",
    "amount_precision": (
        "The amount {value} has {places} decimal places, but {currency} allows {allowed}; "
        "it is not rounded silently."
    ),
    "bad_currency": "'{value}' is not a currency code.",
    "bad_date": "'{value}' is not a date in the expected form ({expected}).",
    "bad_indicator": "'{value}' is neither a credit nor a debit mark.",
    "bad_number": "'{value}' is not a number.",
    # CAMT
    "transaction_amount_missing": (
        "The entry holds {count} transactions, but transaction {position} has no amount of "
        "its own, so the entry cannot be split."
    ),
    "transaction_sum_mismatch": (
        "The entry's {count} transactions add up to {total}, but the entry is {entry_amount}."
    ),
    # MT940
    "mt940_missing_tag": "The statement has no {tag} field.",
    "mt940_bad_line": "The :61: statement line '{value}' does not follow the MT940 layout.",
    "mt940_bad_balance": "The balance '{value}' does not follow the MT940 layout.",
    "mt940_unexpected": "Text '{value}' outside of any field.",
    # CNAB 240
    "cnab_line_length": "The record is {length} characters long; CNAB 240 records are 240.",
    "cnab_record_type": "Unknown record type '{value}'.",
    "cnab_segment_order": "Segment {segment} is not where it should be ({expected} expected).",
    "cnab_no_header": "The file does not start with a CNAB 240 file header (record type 0).",
    "cnab_no_trailer": "The file does not end with a CNAB 240 file trailer (record type 9).",
    "cnab_record_count": (
        "The {record} says {stated} records, but the file has {counted}."
    ),
    "cnab_bank_mismatch": "The record is from bank {value}, the file header from bank {bank}.",
    # CSV
    "csv_no_column": "The file has no column '{column}' (mapping '{mapping}').",
    "csv_short_row": "The row has {count} columns; column {column} is missing.",
    "csv_credit_and_debit": "Both the credit and the debit column hold an amount.",
    "csv_no_rows": "The file holds no rows after the header.",
    # Reconciliation
    "balance_mismatch": (
        "Opening balance {opening} plus the entries ({total}) makes {expected}, but the closing "
        "balance is {closing} (difference {difference} {currency})."
    ),
    "balance_currency": (
        "The {balance} balance is in {balance_currency}, but the statement is in {currency}."
    ),
    "entry_currency": (
        "The entry is in {entry_currency}, but the statement is in {currency}."
    ),
}


def render(code: str, params: Mapping[str, str | int]) -> str:
    """The English message for ``code``; an unknown code or a missing parameter still gives
    a readable line rather than an error."""
    template = TEMPLATES.get(code)
    if template is None:
        details = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{code} ({details})" if details else code
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template
