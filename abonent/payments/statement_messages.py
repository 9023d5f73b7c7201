"""Bank-file problems and statement-line reasons in the reader's language.

The parsers (``abonent.payments.statements``) and the matcher (``matching``) name what they
found by a code with parameters; here each code has its wording, marked for translation with
the same ``{placeholders}`` as the English reference (a test keeps them in step).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from abonent.payments.statements import Problem

# Placeholders in braces must stay as they are; the words around them are translated.
PROBLEMS = {
    "empty_file": _("The file is empty."),
    "unknown_format": _("The file is not a bank statement this importer knows (CAMT.053, "
                        "CAMT.054, MT940, CNAB 240, or CSV with a column mapping)."),
    "unsupported_message": _("The file is an ISO 20022 message of type {message}, which is "
                             "not a statement; only camt.053 and camt.054 are imported."),
    "csv_mapping_required": _("A CSV file can only be read with a column mapping for its "
                              "bank."),
    "encoding": _("The file cannot be read as {encoding} text (byte {position})."),
    "xml_malformed": _("The file is not well-formed XML: {error}"),
    "xml_doctype": _("The file declares a DOCTYPE; statements never need one and it is "
                     "refused for safety."),
    "no_statement": _("The file holds no statement ({element} is missing)."),
    "format_mismatch": _("The file looks like {found}, not {expected}."),
    "missing": _("This required value is missing."),
    "bad_amount": _("'{value}' is not an amount."),
    "amount_precision": _("The amount {value} has {places} decimal places, but {currency} "
                          "allows {allowed}; it is not rounded silently."),
    "bad_currency": _("'{value}' is not a currency code."),
    "bad_date": _("'{value}' is not a date in the expected form ({expected})."),
    "bad_indicator": _("'{value}' is neither a credit nor a debit mark."),
    "bad_number": _("'{value}' is not a number."),
    "transaction_amount_missing": _("The entry holds {count} transactions, but transaction "
                                    "{position} has no amount of its own, so the entry cannot "
                                    "be split."),
    "transaction_sum_mismatch": _("The entry's {count} transactions add up to {total}, but "
                                  "the entry is {entry_amount}."),
    "mt940_missing_tag": _("The statement has no {tag} field."),
    "mt940_bad_line": _("The :61: statement line '{value}' does not follow the MT940 layout."),
    "mt940_bad_balance": _("The balance '{value}' does not follow the MT940 layout."),
    "mt940_unexpected": _("Text '{value}' outside of any field."),
    "cnab_line_length": _("The record is {length} characters long; CNAB 240 records are 240."),
    "cnab_record_type": _("Unknown record type '{value}'."),
    "cnab_segment_order": _("Segment {segment} is not where it should be ({expected} "
                            "expected)."),
    "cnab_no_header": _("The file does not start with a CNAB 240 file header (record type "
                        "0)."),
    "cnab_no_trailer": _("The file does not end with a CNAB 240 file trailer (record type "
                         "9)."),
    "cnab_record_count": _("The {record} says {stated} records, but the file has {counted}."),
    "cnab_bank_mismatch": _("The record is from bank {value}, the file header from bank "
                            "{bank}."),
    "csv_no_column": _("The file has no column '{column}' (mapping '{mapping}')."),
    "csv_short_row": _("The row has {count} columns; column {column} is missing."),
    "csv_credit_and_debit": _("Both the credit and the debit column hold an amount."),
    "csv_no_rows": _("The file holds no rows after the header."),
    "balance_mismatch": _("Opening balance {opening} plus the entries ({total}) makes "
                          "{expected}, but the closing balance is {closing} (difference "
                          "{difference} {currency})."),
    "balance_currency": _("The {balance} balance is in {balance_currency}, but the statement "
                          "is in {currency}."),
    "entry_currency": _("The entry is in {entry_currency}, but the statement is in "
                        "{currency}."),
}

# Why a line went where it went: the matcher's reasons, and the kinds of lines not posted.
REASONS = {
    "account_reference": _("account number {number} in the payment reference"),
    "account_text": _("account number {number} in the remittance text"),
    "receipt": _("receipt number {number}"),
    "payer_account": _("the payer's account {iban} paid this account before"),
    "payer_name": _("the payer's name {name} is the holder of this account only"),
    "ambiguous_name": _("the payer's name {name} is the holder of {count} accounts"),
    "bad_check_digit": _("{number} looks like an account number, but its check digit is "
                         "wrong"),
    "no_match": _("no account number, receipt number or known payer found"),
    "manual": _("matched by a person"),
    "booked": _("a debit (money out), not a payment"),
    "pending": _("announced by the bank, not booked yet"),
    "info": _("for information only"),
    "registered": _("the bank registered the title; nothing paid yet"),
    "rejected": _("the bank rejected the title"),
    "written_off": _("the title was written off, not paid"),
    "fee": _("the bank's fee"),
    "reversal": _("the bank undid an earlier payment"),
}


def _fill(wording: Any, params: dict) -> str:
    try:
        return str(wording).format(**params)
    except (KeyError, IndexError):
        return str(wording)


def problem_text(problem: Problem) -> str:
    """The problem in the reader's language, with where it is."""
    wording = PROBLEMS.get(problem.code)
    message = _fill(wording, dict(problem.params)) if wording else problem.message
    where = ", ".join(part for part in (problem.file, problem.location, problem.field) if part)
    return f"{where}: {message}" if where else message


def line_reason(line) -> str:
    wording = REASONS.get(line.reason)
    return _fill(wording, line.reason_params or {}) if wording else line.reason
