from django.apps import apps
from django.http import Http404
from django.shortcuts import render

from abonent.core.filtersets import filterset_for
from abonent.core.views.generic import StaffView

LIMIT = 25


class PickView(StaffView):
    """Options for a picker: up to 25 rows of the model matching ``q``, within the user's reach."""

    def get(self, request, model_label: str):
        try:
            model = apps.get_model(model_label)
        except (LookupError, ValueError):
            raise Http404 from None
        if not getattr(model, "picker", False):
            raise Http404
        q = request.GET.get("pick", "").strip()
        queryset = model.objects.restrict(request.access)
        related = getattr(model, "str_select_related", ())
        if related:
            queryset = queryset.select_related(*related)
        filterset = filterset_for(model)({"q": q}, queryset=queryset, request=request)
        rows = list(filterset.qs[:LIMIT]) if len(q) >= 1 else []
        selected = request.GET.get("selected", "")
        return render(request, "core/widgets/picker_options.html",
                      {"rows": rows, "selected": selected})
