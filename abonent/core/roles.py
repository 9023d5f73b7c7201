"""What each role may do, in one table. Views, the API, exports and search all ask here.

Areas are the things a user works with; each tenant model names its area. Actions: view, add,
change, close (end a record's life: close an account, end an ownership), export, import.
docs/roles.md is generated from this table (``abonent roles_doc --write``) and a test keeps
them equal.
"""

from abonent.core.choices import Action, Role

AREAS: dict[str, str] = {
    "organization": "Organization settings, branches and staff",
    "building": "Buildings and units",
    "person": "People and companies",
    "ownership": "Ownership and occupancy",
    "account": "Personal accounts, residents and benefit memberships",
    "benefit": "Benefit categories",
    "tariff": "Services, tariffs and subscriptions",
    "metering": "Meters and readings",
    "billing": "Billing runs, ledger, receipts, adjustments and reports",
    "payment": "Payments, cash desk, bank statements and collections",
    "audit": "Audit trail",
}

V, A, C, X, E, IM, AP = (Action.VIEW, Action.ADD, Action.CHANGE, Action.CLOSE, Action.EXPORT,
                        Action.IMPORT, Action.APPROVE)
ALL = frozenset({V, A, C, X, E, IM})
READ = frozenset({V, E})

RIGHTS: dict[str, dict[str, frozenset[str]]] = {
    Role.ADMIN: {**{area: ALL for area in AREAS}, "audit": READ, "billing": ALL | {AP},
                 "payment": ALL | {AP}},
    Role.MANAGER: {
        "organization": frozenset({V}),
        "building": ALL,
        "person": ALL,
        "ownership": ALL,
        "account": ALL,
        "benefit": ALL,
        "tariff": ALL,
        "metering": ALL,
        "billing": ALL | {AP},
        "payment": ALL | {AP},
        "audit": READ,
    },
    Role.ACCOUNTANT: {
        "organization": frozenset({V}),
        "building": READ,
        "person": frozenset({V, E, C}),
        "ownership": READ,
        "account": frozenset({V, E, C, A, X}),
        "benefit": ALL,
        "tariff": ALL,
        "metering": ALL,
        "billing": ALL | {AP},
        "payment": ALL | {AP},
        "audit": READ,
    },
    Role.CASHIER: {
        "organization": frozenset({V}),
        "building": frozenset({V}),
        "person": frozenset({V}),
        "ownership": frozenset({V}),
        "account": frozenset({V}),
        "benefit": frozenset({V}),
        "tariff": frozenset({V}),
        "metering": frozenset({V}),
        "billing": frozenset({V}),
        "payment": frozenset({V, A, E}),
    },
    Role.DISPATCHER: {
        "organization": frozenset({V}),
        "building": frozenset({V}),
        "person": frozenset({V, A, C}),
        "ownership": frozenset({V}),
        "account": frozenset({V}),
        "benefit": frozenset({V}),
        "tariff": frozenset({V}),
        "metering": frozenset({V, A, C}),
    },
    Role.TECHNICIAN: {
        "building": frozenset({V}),
        "person": frozenset({V}),
        "account": frozenset({V}),
        "metering": frozenset({V, A, C, X}),
    },
    Role.AUDITOR: {area: READ for area in AREAS},
}


def can(role: str | None, area: str, action: str) -> bool:
    if role is None:
        return False
    return action in RIGHTS.get(role, {}).get(area, frozenset())


def rights_table() -> str:
    """The Markdown table that docs/roles.md carries."""
    roles = list(Role)
    head = "| Area | " + " | ".join(str(role.label) for role in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    rows = []
    order = [V, A, C, X, E, IM, AP]
    for area, title in AREAS.items():
        cells = []
        for role in roles:
            granted = RIGHTS[role].get(area, frozenset())
            cells.append(", ".join(str(a.value) for a in order if a in granted) or "—")
        rows.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join([head, rule, *rows])
