from __future__ import annotations

from django.utils import timezone

from abonent.core.choices import Action
from abonent.core.views.generic import StaffView

AREA = "payment"


class CollectionsView(StaffView):
    """A page of collections: the payment view right is needed."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.access.organization is not None:
            request.access.require(AREA, Action.VIEW)
        return super().dispatch(request, *args, **kwargs)


def today():
    return timezone.localdate()
