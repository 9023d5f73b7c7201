"""The ReDoc page without the web fonts drf-spectacular's template fetches from Google: every
asset Abonent serves is local (the ReDoc bundle comes from drf-spectacular-sidecar)."""

from django.http import JsonResponse
from django.template import engines
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularRedocView
from rest_framework.renderers import TemplateHTMLRenderer

REDOC_PAGE = """{% extends "drf_spectacular/redoc.html" %}
{% block head %}
<title>{{ title|default:"Redoc" }}</title>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { margin: 0; padding: 0; }</style>
{% endblock head %}"""


class LocalTemplateRenderer(TemplateHTMLRenderer):
    def resolve_template(self, template_names):
        return engines["django"].from_string(REDOC_PAGE)


class RedocView(SpectacularRedocView):
    renderer_classes = [LocalTemplateRenderer]


def not_found(request):
    return JsonResponse({"detail": _("No API endpoint at this address.")}, status=404)
