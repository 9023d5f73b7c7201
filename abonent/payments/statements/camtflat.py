"""CAMT files flattened to simple records by one XSLT pass inside libxslt.

Walking 100k entries element by element from Python costs microseconds per element; one XSLT
pass in C visits each element once and writes only the values an importer needs, as lines of
``key=value`` fields separated by TAB. Every value is whitespace-normalised, so none holds a
TAB or a line break. The stylesheet is built per namespace (camt.053.001.02, .08, ...) and
matches by that namespace, so every schema version is read the same way: v8 wraps party names
in ``Pty``, older versions do not, and both patterns are listed.

Records, in document order:

* ``S`` a statement (``Stmt`` or ``Ntfctn``): id, created, from, to, iban, other, ccy;
* ``B`` one of its balances: code, a (amount), c (currency), m (credit/debit mark);
* ``E`` an entry: see :data:`ENTRY_KEYS`;
* ``T`` one transaction (``TxDtls``) of the entry before it: see :data:`ENTRY_KEYS`.

A key that occurs several times (``u``: unstructured remittance lines, ``ref``, ``ar``) has its
values joined with :data:`REPEAT`.
"""

from __future__ import annotations

from functools import lru_cache
from operator import methodcaller

from lxml import etree

REPEAT = "\x1f"
_key_value = methodcaller("split", "=", 1)

# key -> pattern (relative to Ntry or TxDtls, in the stylesheet's namespace prefix c:)
ENTRY_KEYS: dict[str, str] = {
    "m": "c:Ntry/c:CdtDbtInd | c:TxDtls/c:CdtDbtInd",
    "rv": "c:Ntry/c:RvslInd",
    "s": "c:Ntry/c:Sts",
    "b": "c:Ntry/c:BookgDt",
    "v": "c:Ntry/c:ValDt",
    "r": "c:Ntry/c:AcctSvcrRef | c:Refs/c:AcctSvcrRef",
    "nr": "c:Ntry/c:NtryRef",
    "uetr": "c:Refs/c:UETR",
    "e2e": "c:Refs/c:EndToEndId",
    "tx": "c:Refs/c:TxId",
    "d": "c:BkTxCd/c:Domn/c:Cd",
    "f": "c:BkTxCd/c:Domn/c:Fmly/c:Cd",
    "sf": "c:BkTxCd/c:Domn/c:Fmly/c:SubFmlyCd",
    "p": "c:BkTxCd/c:Prtry/c:Cd",
    "ai": "c:Ntry/c:AddtlNtryInf | c:TxDtls/c:AddtlTxInf",
    "dn": "c:Dbtr/c:Nm | c:Dbtr/c:Pty/c:Nm | c:Dbtr/c:Agt/c:FinInstnId/c:Nm",
    "udn": "c:UltmtDbtr/c:Nm | c:UltmtDbtr/c:Pty/c:Nm",
    "cn": "c:Cdtr/c:Nm | c:Cdtr/c:Pty/c:Nm | c:Cdtr/c:Agt/c:FinInstnId/c:Nm",
    "ucn": "c:UltmtCdtr/c:Nm | c:UltmtCdtr/c:Pty/c:Nm",
    "di": "c:DbtrAcct/c:Id/c:IBAN",
    "do": "c:DbtrAcct/c:Id/c:Othr/c:Id",
    "ci": "c:CdtrAcct/c:Id/c:IBAN",
    "co": "c:CdtrAcct/c:Id/c:Othr/c:Id",
    "u": "c:RmtInf/c:Ustrd",
    "ar": "c:Strd/c:AddtlRmtInf",
    "ref": "c:Strd/c:CdtrRefInf/c:Ref",
}
# amounts: key -> (pattern); the currency goes to key + "c"
AMOUNT_KEYS: dict[str, str] = {
    "a": "c:Ntry/c:Amt | c:TxDtls/c:Amt",
    "ta": "c:AmtDtls/c:TxAmt/c:Amt",
}
# elements walked into to reach the keys above; everything else is skipped unread
_CONTAINERS = ("c:BkTxCd | c:BkTxCd/c:Domn | c:BkTxCd/c:Domn/c:Fmly | c:BkTxCd/c:Prtry | c:Refs"
               " | c:AmtDtls | c:AmtDtls/c:TxAmt | c:RltdPties | c:Dbtr | c:Cdtr | c:UltmtDbtr"
               " | c:UltmtCdtr | c:Dbtr/c:Pty | c:Cdtr/c:Pty | c:UltmtDbtr/c:Pty"
               " | c:UltmtCdtr/c:Pty | c:Dbtr/c:Agt | c:Cdtr/c:Agt | c:Agt/c:FinInstnId"
               " | c:DbtrAcct | c:CdtrAcct | c:DbtrAcct/c:Id | c:CdtrAcct/c:Id"
               " | c:DbtrAcct/c:Id/c:Othr | c:CdtrAcct/c:Id/c:Othr | c:RmtInf | c:Strd"
               " | c:Strd/c:CdtrRefInf")

_TAB = "<xsl:text>&#9;</xsl:text>"
_NL = "<xsl:text>&#10;</xsl:text>"


def _field(key: str, select: str) -> str:
    return f'{_TAB}<xsl:text>{key}=</xsl:text><xsl:value-of select="normalize-space({select})"/>'


def _stylesheet(namespace: str) -> bytes:
    statement = "".join([
        "<xsl:text>S</xsl:text>", _field("id", "c:Id"), _field("created", "c:CreDtTm"),
        _field("from", "c:FrToDt/c:FrDtTm"), _field("to", "c:FrToDt/c:ToDtTm"),
        _field("iban", "c:Acct/c:Id/c:IBAN"), _field("other", "c:Acct/c:Id/c:Othr/c:Id"),
        _field("ccy", "c:Acct/c:Ccy"), _NL])
    balance = "".join([
        "<xsl:text>B</xsl:text>",
        _field("code", "(c:Tp/c:CdOrPrtry/c:Cd | c:Tp/c:CdOrPrtry/c:Prtry)[1]"),
        _field("a", "c:Amt"), _field("ac", "c:Amt/@Ccy"), _field("m", "c:CdtDbtInd"), _NL])
    leaves = "\n".join(
        f'<xsl:template match="{pattern}" mode="n">{_field(key, ".")}</xsl:template>'
        for key, pattern in ENTRY_KEYS.items())
    amounts = "\n".join(
        f'<xsl:template match="{pattern}" mode="n">{_field(key, ".")}{_field(key + "c", "@Ccy")}'
        "</xsl:template>" for key, pattern in AMOUNT_KEYS.items())
    text = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:c="{namespace}">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:for-each select="c:Document/*/c:Stmt | c:Document/*/c:Ntfctn">{
    statement}<xsl:for-each select="c:Bal">{balance}</xsl:for-each><xsl:apply-templates
    select="c:Ntry"/></xsl:for-each></xsl:template>
<xsl:template match="c:Ntry"><xsl:text>E</xsl:text><xsl:apply-templates
    select="*[not(self::c:NtryDtls)]" mode="n"/>{_NL}<xsl:apply-templates
    select="c:NtryDtls/c:TxDtls"/></xsl:template>
<xsl:template match="c:TxDtls"><xsl:text>T</xsl:text><xsl:apply-templates select="*"
    mode="n"/>{_NL}</xsl:template>
<xsl:template match="*" mode="n" priority="-1"/>
<xsl:template match="{_CONTAINERS}" mode="n" priority="-0.25"><xsl:apply-templates
    select="*" mode="n"/></xsl:template>
{leaves}
{amounts}
</xsl:stylesheet>"""
    return text.encode("utf-8")


XMLSyntaxError = etree.XMLSyntaxError


class DoctypeError(ValueError):
    """The XML file declares a DOCTYPE."""


@lru_cache(maxsize=32)
def _transform(namespace: str) -> etree.XSLT:
    # lxml-stubs 0.5 does not know these (long-standing) keyword arguments
    no_access = etree.XSLTAccessControl(  # type: ignore[call-arg]
        read_file=False, write_file=False, create_dir=False, read_network=False,
        write_network=False)
    return etree.XSLT(etree.XML(_stylesheet(namespace)), access_control=no_access)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True, remove_blank_text=True, collect_ids=False)


def flatten(data: bytes, namespace: str) -> list[tuple[str, dict[str, str]]]:
    """The file's records as (type, fields).

    Raises ``lxml.etree.XMLSyntaxError`` for a file that is not well-formed XML, and
    :class:`DoctypeError` for one that declares a DOCTYPE (the parser loads no DTD and expands
    no entity, but a statement never needs one, so it is refused outright).
    """
    root = etree.fromstring(data, _parser())
    if getattr(root.getroottree().docinfo, "doctype", ""):
        raise DoctypeError
    text = str(_transform(namespace)(root))
    del root
    records: list[tuple[str, dict[str, str]]] = []
    for line in text.split("\n"):
        if not line:
            continue
        parts = line.split("\t")
        fields = parts[1:]
        values: dict[str, str] = dict(map(_key_value, fields))
        if len(values) != len(fields):  # a repeated key: keep every value
            values = {}
            for part in fields:
                key, _, value = part.partition("=")
                values[key] = values[key] + REPEAT + value if key in values else value
        records.append((parts[0], values))
    return records
