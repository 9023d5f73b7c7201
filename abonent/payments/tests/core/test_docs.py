"""docs/penalties.md and docs/allocation.md only quote what the tests assert: the tests they
name exist, and every explanation they quote (a line ending in an amount, like
`... = 65.60 RUB`) is a string a test compares with render()."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
TESTS = Path(__file__).resolve().parent
AMOUNT_AT_THE_END = re.compile(r"-?\d+\.\d{2} [A-Z]{3}$")
DOCS = [ROOT / "docs" / "penalties.md", ROOT / "docs" / "allocation.md"]


def _test_sources():
    # the pure cores' tests, and the payments tests that run them in a billing run
    for path in sorted([*TESTS.glob("test_*.py"), *TESTS.parent.glob("test_*.py")]):
        yield ast.parse(path.read_text())


def _quoted_explanations(text):
    inline = re.findall(r"`([^`\n]+)`", text)
    fenced = [line.strip() for block in re.findall(r"```text\n(.*?)```", text, re.S)
              for line in block.splitlines()]
    return [quote for quote in [*inline, *fenced] if AMOUNT_AT_THE_END.search(quote)]


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_every_test_the_docs_name_exists(doc):
    named = set(re.findall(r"`(test_\w+)`", doc.read_text()))
    defined = {node.name for tree in _test_sources() for node in ast.walk(tree)
               if isinstance(node, ast.FunctionDef)}
    assert named, f"{doc.name} names no tests"
    assert sorted(named - defined) == []


def test_every_explanation_the_penalty_docs_quote_is_asserted_by_a_test():
    asserted = [node.value for tree in _test_sources() for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    quoted = _quoted_explanations(DOCS[0].read_text())
    assert quoted, "docs/penalties.md quotes no explanations"
    assert [quote for quote in quoted if not any(quote in text for text in asserted)] == []
