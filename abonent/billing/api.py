"""REST API of the billing app."""

ROUTES: list = []
