"""docs/billing.md only quotes what the tests assert: the tests it names exist, and every
explanation it quotes (a sentence ending in an amount, like `... = 40.30 GEL`) is a string a
test compares with render()."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCS = ROOT / "docs" / "billing.md"
AMOUNT_AT_THE_END = re.compile(r"-?\d+\.\d{2} [A-Z]{3}$")


def _test_sources():
    for path in sorted((ROOT / "abonent").glob("**/tests/test_*.py")):
        yield ast.parse(path.read_text())


def _quoted_explanations(text):
    inline = re.findall(r"`([^`\n]+)`", text)
    fenced = [line.strip() for block in re.findall(r"```text\n(.*?)```", text, re.S)
              for line in block.splitlines()]
    return [quote for quote in [*inline, *fenced] if AMOUNT_AT_THE_END.search(quote)]


def test_every_test_the_billing_docs_name_exists():
    named = set(re.findall(r"`(test_\w+)`", DOCS.read_text()))
    defined = {node.name for tree in _test_sources() for node in ast.walk(tree)
               if isinstance(node, ast.FunctionDef)}
    assert named, "docs/billing.md names no tests"
    assert sorted(named - defined) == []


def test_every_explanation_the_billing_docs_quote_is_asserted_by_a_test():
    asserted = [node.value for tree in _test_sources() for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    quoted = _quoted_explanations(DOCS.read_text())
    assert quoted, "docs/billing.md quotes no explanations"
    assert [quote for quote in quoted if not any(quote in text for text in asserted)] == []
