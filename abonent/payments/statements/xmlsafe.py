"""A first, cheap guard for untrusted XML: refuse a DOCTYPE before parsing at all.

A bank statement never needs a DTD. Without one, no entity other than the five predefined ones
can exist, so entity expansion ("billion laughs") and external entities (file or network
access) are impossible. The parser is configured safely as well (see :mod:`.camtflat`) and
checks the parsed document's DOCTYPE again, whatever the file's encoding.
"""

from __future__ import annotations

import re

_PROLOG_DOCTYPE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*<!DOCTYPE", re.DOTALL)


def has_doctype(data: bytes) -> bool:
    """Whether the file declares a DOCTYPE before its root element (UTF-8 or ASCII files)."""
    return bool(_PROLOG_DOCTYPE.match(data[:65536]))
