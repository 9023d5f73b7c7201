"""Temporary absences of residents and service interruptions: plain pages on the generic views."""

from abonent.billing import forms, tables
from abonent.billing.filtersets import AbsenceFilterSet, InterruptionFilterSet
from abonent.billing.models import Absence, Interruption
from abonent.core.views import generic


class AbsenceList(generic.ObjectListView):
    model = Absence
    filterset_class = AbsenceFilterSet
    columns = tables.ABSENCE_COLUMNS
    default_sort = "-date_from"


class AbsenceDetail(generic.ObjectDetailView):
    model = Absence


class AbsenceEdit(generic.ObjectEditView):
    model = Absence
    form_class = forms.AbsenceForm


class InterruptionList(generic.ObjectListView):
    model = Interruption
    filterset_class = InterruptionFilterSet
    columns = tables.INTERRUPTION_COLUMNS
    default_sort = "-date_from"


class InterruptionDetail(generic.ObjectDetailView):
    model = Interruption


class InterruptionEdit(generic.ObjectEditView):
    model = Interruption
    form_class = forms.InterruptionForm
