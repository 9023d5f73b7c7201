"""The provider registry: every provider is one module whose ``Provider`` class is decorated
with ``@register``; the registry finds it by its code.

The modules loaded are the built-in ones (``BUILTIN``) and those named in the setting or
environment variable ``ABONENT_PAYMENT_PROVIDERS`` (comma-separated dotted module paths), so a
provider can live in its own package without editing Abonent.
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from abonent.settings.env import env_list

if TYPE_CHECKING:
    from abonent.payments.models import PaymentProvider
    from abonent.payments.providers.base import Provider

BUILTIN = ("abonent.payments.providers.sandbox",)

_providers: dict[str, type[Provider]] = {}
_loaded = False
_lock = threading.Lock()


def register(cls: type[Provider]) -> type[Provider]:
    """Class decorator: make ``cls`` known by ``cls.code``."""
    code = getattr(cls, "code", "")
    if not code or not code.replace("-", "").replace("_", "").isalnum() or len(code) > 30:
        raise ImproperlyConfigured(f"{cls.__name__}: a provider code is 1-30 letters, digits, "
                                   f"'-' or '_', got {code!r}")
    known = _providers.get(code)
    if known is not None and (known.__module__, known.__qualname__) != (cls.__module__,
                                                                      cls.__qualname__):
        raise ImproperlyConfigured(f"two providers share the code {code!r}: "
                                   f"{known.__module__} and {cls.__module__}")
    _providers[code] = cls
    return cls


def modules() -> list[str]:
    extra = getattr(settings, "ABONENT_PAYMENT_PROVIDERS", None)
    if extra is None:
        extra = env_list("ABONENT_PAYMENT_PROVIDERS", "")
    return list(dict.fromkeys([*BUILTIN, *extra]))


def _load() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if not _loaded:
            for name in modules():
                importlib.import_module(name)
            _loaded = True


def known(code: str) -> bool:
    _load()
    return code in _providers


def provider_class(code: str) -> type[Provider]:
    _load()
    try:
        return _providers[code]
    except KeyError:
        raise LookupError(f"no payment provider with the code {code!r}") from None


def adapter(config: PaymentProvider) -> Provider:
    """The provider for one organization's configuration."""
    return provider_class(config.code)(config)


def choices() -> list[tuple[str, str]]:
    _load()
    return sorted(((code, str(cls.name)) for code, cls in _providers.items()),
                  key=lambda item: item[1])


def label(code: str) -> str:
    _load()
    cls = _providers.get(code)
    return str(cls.name) if cls is not None else code
