"""Safe, fast XML reading for bank files: no DTD, no entities, no network, streamed.

A bank file is untrusted input. The parser never loads a DTD, never expands an entity and never
fetches anything; a file that declares a DOCTYPE at all is refused before parsing. Elements are
streamed (``iterparse``) so that a 100k-entry statement never sits in memory whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

from lxml import etree

_PROLOG_DOCTYPE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<!DOCTYPE", re.DOTALL)

Element = etree._Element


def has_doctype(data: bytes) -> bool:
    """Whether the file declares a DOCTYPE before its root element."""
    return bool(_PROLOG_DOCTYPE.match(data[:65536]))


def iterparse(data: bytes, tags: tuple[str, ...]) -> Iterator[tuple[str, Element]]:
    """(event, element) for the start and end of each element named in ``tags``."""
    events = etree.iterparse(
        BytesIO(data), events=("start", "end"), tag=tags, resolve_entities=False,
        no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True)
    yield from events


XMLSyntaxError = etree.XMLSyntaxError


def child(element: Element | None, tag: str) -> Element | None:
    """The first child named ``tag`` (a Clark name, ``{ns}Local``), or None."""
    if element is None:
        return None
    for found in element.iterchildren(tag):
        return found
    return None


def children(element: Element | None, tag: str) -> list[Element]:
    if element is None:
        return []
    return list(element.iterchildren(tag))


def text(element: Element | None) -> str:
    """The element's own text, trimmed; '' for a missing element."""
    if element is None or element.text is None:
        return ""
    return element.text.strip()
