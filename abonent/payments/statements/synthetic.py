"""Synthetic CAMT.053 statements of any size, for speed checks and benchmarks.

The same arguments always give the same bytes. Each entry is a credit booked from a different
payer whose remittance text and creditor reference carry a payment reference (by default
``ACC0000001``...; pass ``references`` to use real account numbers), so that a benchmark can
match them. Opening + entries = closing, so the statement reconciles.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"


def camt053(entries: int, *, seed: int = 0, version: str = "02", currency: str = "GEL",
            account: str = "GE29NB0000000101904917", start: date = date(2025, 1, 1),
            references: Sequence[str] | None = None,
            opening: Decimal = Decimal("1000.00")) -> bytes:
    """A camt.053 file with one statement of ``entries`` credits (``version`` "02" or "08")."""
    if version not in ("02", "08"):
        raise ValueError("version must be '02' or '08'")
    rng = random.Random(seed)
    wrap = version == "08"
    statement_id = f"SYN-{seed}-{entries}"
    total = Decimal(0)
    parts: list[str] = []
    for i in range(1, entries + 1):
        cents = rng.randint(100, 50_000)
        amount = Decimal(cents).scaleb(-2)
        total += amount
        booked = start + timedelta(days=(i - 1) * 28 // max(entries, 1))
        reference = references[(i - 1) % len(references)] if references else f"ACC{i:07d}"
        payer = f"PAYER {i:07d}"
        name = f"<Pty><Nm>{payer}</Nm></Pty>" if wrap else f"<Nm>{payer}</Nm>"
        status = "<Sts><Cd>BOOK</Cd></Sts>" if wrap else "<Sts>BOOK</Sts>"
        parts.append(
            f"<Ntry><Amt Ccy=\"{currency}\">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
            f"{status}<BookgDt><Dt>{booked}</Dt></BookgDt><ValDt><Dt>{booked}</Dt></ValDt>"
            f"<AcctSvcrRef>{statement_id}-{i:08d}</AcctSvcrRef>"
            "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly>"
            "</Domn></BkTxCd><NtryDtls><TxDtls>"
            f"<Refs><EndToEndId>E2E-{seed}-{i:08d}</EndToEndId></Refs>"
            f"<RltdPties><Dbtr>{name}</Dbtr><DbtrAcct><Id><IBAN>GE{i % 97:02d}TB"
            f"{i:016d}</IBAN></Id></DbtrAcct></RltdPties>"
            f"<RmtInf><Ustrd>Payment for {escape(reference)} {start:%m/%Y}</Ustrd>"
            f"<Strd><CdtrRefInf><Ref>{escape(reference)}</Ref></CdtrRefInf></Strd></RmtInf>"
            "</TxDtls></NtryDtls></Ntry>")
    end = start + timedelta(days=28)
    closing = opening + total
    header = (
        f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        f"<Document xmlns=\"{NAMESPACE.format(version=version)}\"><BkToCstmrStmt>"
        f"<GrpHdr><MsgId>{statement_id}</MsgId><CreDtTm>{end}T18:00:00+00:00</CreDtTm>"
        f"</GrpHdr><Stmt><Id>{statement_id}</Id><CreDtTm>{end}T18:00:00+00:00</CreDtTm>"
        f"<FrToDt><FrDtTm>{start}T00:00:00+00:00</FrDtTm><ToDtTm>{end}T23:59:59+00:00"
        f"</ToDtTm></FrToDt><Acct><Id><IBAN>{account}</IBAN></Id><Ccy>{currency}</Ccy></Acct>"
        + _balance("OPBD", opening, currency, start) + _balance("CLBD", closing, currency, end))
    footer = "</Stmt></BkToCstmrStmt></Document>\n"
    return (header + "\n".join(parts) + footer).encode("utf-8")


def _balance(code: str, amount: Decimal, currency: str, day: date) -> str:
    mark = "CRDT" if amount >= 0 else "DBIT"
    return (f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
            f"<Amt Ccy=\"{currency}\">{abs(amount)}</Amt><CdtDbtInd>{mark}</CdtDbtInd>"
            f"<Dt><Dt>{day}</Dt></Dt></Bal>")
