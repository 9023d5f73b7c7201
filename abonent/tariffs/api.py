"""REST API of the tariffs app."""

ROUTES: list = []
