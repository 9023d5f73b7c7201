"""parse() finds the format by itself, and refuses clearly when it cannot."""

from __future__ import annotations

import pytest

from abonent.payments.statements import Format, StatementError, detect, parse
from abonent.payments.statements.synthetic import camt053

from .helpers import DATA, shared_statements


def test_each_format_is_recognised_by_its_content() -> None:
    assert detect(camt053(1)) is Format.CAMT053
    assert detect((DATA / "abn_two_statements.sta").read_bytes()) is Format.MT940
    assert detect((DATA / "plain_no_blocks.sta").read_bytes()) is Format.MT940
    shared = shared_statements()
    if shared is not None:
        assert detect((shared / "camt" / "camt054.v8.xml").read_bytes()) is Format.CAMT054
        for bank in ("banco_brasil", "btg", "caixa", "santander"):
            assert detect((shared / "cnab240" / f"{bank}.ret").read_bytes()) is Format.CNAB240
    assert detect(b"date,amount\n2024-01-01,5\n") is None


@pytest.mark.parametrize(("data", "code"), [
    (b"", "empty_file"),
    (b"   \n", "empty_file"),
    (b"hello, world\n", "unknown_format"),
    (b"<html><body>not a statement</body></html>", "unknown_format"),
    (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>', "unknown_format"),
    (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"/>',
     "unsupported_message"),
])
def test_what_is_not_a_statement_is_refused(data: bytes, code: str) -> None:
    with pytest.raises(StatementError) as caught:
        parse(data, filename="upload.bin")
    assert caught.value.codes == [code]
    assert caught.value.problems[0].message


def test_csv_needs_a_mapping_and_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(StatementError) as caught:
        parse(b"d,a\n", filename="x.csv", format="csv")
    assert caught.value.codes == ["csv_mapping_required"]
    with pytest.raises(StatementError) as caught:
        parse(b"d,a\n", filename="x.csv", format="ofx")
    assert caught.value.codes == ["unknown_format"]
