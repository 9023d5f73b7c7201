"""Small helpers for the search tests: who is searching, and what they find."""

from abonent.core.tenancy import Access
from abonent.search.selectors import quick_search


def staff(organization, role="admin", branches=()):
    return Access(user=None, organization=organization, role=role,
                  branch_ids=frozenset(b.pk for b in branches))


def found(access, q) -> dict[str, list[str]]:
    """Titles found for ``q``, by kind."""
    return {g.kind: [h.title for h in g.hits] for g in quick_search(access, q)}


def urls(access, q) -> set[str]:
    return {h.url for g in quick_search(access, q) for h in g.hits}
