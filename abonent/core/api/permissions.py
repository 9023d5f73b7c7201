"""The API asks the same role table as the UI: one permission class for every endpoint.

The action comes from the HTTP method (GET → view, POST → add, PUT/PATCH → change) unless the
route names its own (``close``). Which rows a request reaches is decided by the viewset's
``Model.objects.restrict(access, action)``; this class only says yes or no to the request as a
whole, so a role without a right gets 403 before any row is read.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from abonent.core.choices import Action

METHOD_ACTIONS: dict[str, str] = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
}


def action_for(request, view) -> str | None:
    """The roles.py action a request performs: named by the route, else by the method."""
    return getattr(view, "access_action", None) or METHOD_ACTIONS.get(request.method)


class RolePermission(BasePermission):
    message = _("Your role does not allow this.")

    def has_permission(self, request, view) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if not hasattr(view, request.method.lower()):
            return True  # let the view answer 405 Method Not Allowed
        access = request.access
        if access.organization is None:
            self.message = _("You are not a member of this organization.")
            return False
        area = getattr(view, "permission_area", None) or view.model.permission_area
        action = action_for(request, view)
        return action is not None and access.can(area, action)
