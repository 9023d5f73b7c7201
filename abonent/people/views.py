from django.utils.translation import gettext_lazy as _

from abonent.accounts.tables import ACCOUNT_COLUMNS_SHORT
from abonent.core.views import generic
from abonent.people.filtersets import OwnershipFilterSet, PersonFilterSet
from abonent.people.forms import OwnershipForm, PersonForm
from abonent.people.models import Ownership, Person
from abonent.people.tables import OWNERSHIP_COLUMNS, OWNERSHIP_COLUMNS_FOR_PERSON, PERSON_COLUMNS


class PersonList(generic.ObjectListView):
    model = Person
    filterset_class = PersonFilterSet
    columns = PERSON_COLUMNS
    default_sort = "last_name"


class PersonDetail(generic.ObjectDetailView):
    model = Person
    related = [
        (_("Accounts held"), "accounts", ACCOUNT_COLUMNS_SHORT),
        (_("Ownership and occupancy"), "ownerships", OWNERSHIP_COLUMNS_FOR_PERSON),
    ]


class PersonEdit(generic.ObjectEditView):
    model = Person
    form_class = PersonForm


class OwnershipList(generic.ObjectListView):
    model = Ownership
    filterset_class = OwnershipFilterSet
    columns = OWNERSHIP_COLUMNS
    default_sort = "-date_from"


class OwnershipDetail(generic.ObjectDetailView):
    model = Ownership


class OwnershipEdit(generic.ObjectEditView):
    model = Ownership
    form_class = OwnershipForm
