"""REST API of the metering app."""

ROUTES: list = []
