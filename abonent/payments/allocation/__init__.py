"""The allocation core: which open dues a payment pays, in an auditable order.

Pure Python over frozen dataclasses: no Django, no ORM, no I/O. See docs/allocation.md.
"""

from .allocate import TEMPLATES, Allocation, Due, DueKind, Part, Strategy, allocate

__all__ = ["TEMPLATES", "Allocation", "Due", "DueKind", "Part", "Strategy", "allocate"]
