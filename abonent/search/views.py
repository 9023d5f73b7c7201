"""The search box's endpoint: an HTML fragment for HTMX, a plain page otherwise."""

from django.http import HttpResponse
from django.shortcuts import render

from abonent.core.views.generic import StaffView
from abonent.search.selectors import quick_search
from abonent.search.text import parse_query


class QuickSearchView(StaffView):
    def get(self, request):
        q = request.GET.get("q", "")
        context = {"q": q, "groups": quick_search(request.access, q)}
        if request.headers.get("HX-Request"):
            if parse_query(q) is None:
                return HttpResponse("")  # nothing at all, so the drop-down stays hidden
            return render(request, "search/_results.html", context)
        return render(request, "search/page.html", context)
