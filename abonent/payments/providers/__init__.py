"""Online payment providers: the adapter every provider implements (``base``), the registry
that finds a provider by its code (``registry``), signed webhooks (``webhooks`` checks the
signature, ``services`` posts what a delivery says) and the built-in sandbox provider with its
own payment page (``sandbox``). docs/payment-providers.md explains how to add one.

This package holds no models (one app, one models.py): ``PaymentProvider`` and
``WebhookDelivery`` are at the end of ``abonent/payments/models.py``.
"""
