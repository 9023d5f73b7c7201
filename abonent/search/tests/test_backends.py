"""Database-specific parts of the search: the text index exists and is used safely."""

import pytest
from django.db import connection, transaction

from abonent.testing.factories import BuildingFactory, OrganizationFactory, PersonFactory

from .helpers import found, staff

pytestmark = pytest.mark.django_db


def test_the_text_index_exists():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                           ["search_entry_text_trgm"])
            assert "gin_trgm_ops" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_entry_fts'")
            assert "trigram" in cursor.fetchone()[0]


def test_a_search_inside_a_transaction_leaves_the_planner_settings_alone():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL planner settings")
    org = OrganizationFactory()
    PersonFactory(organization=org, first_name="Nino", last_name="Beridze")
    with transaction.atomic(), connection.cursor() as cursor:
        assert found(staff(org), "berid")["person"] == ["Nino Beridze"]
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def test_a_common_two_letter_query_finds_every_kind_it_matches():
    # Enough rows that PostgreSQL answers from its first-rows probe for one kind and from
    # the index for the other.
    org = OrganizationFactory()
    for i in range(45):
        PersonFactory(organization=org, first_name="Nino", last_name=f"Beridze{i}")
    BuildingFactory(organization=org, street="Berbuki Street")
    result = found(staff(org), "be")
    assert len(result["person"]) == 8
    (building,) = result["building"]
    assert building.startswith("Berbuki Street")
