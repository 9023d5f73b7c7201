"""Collections: who owes what and for how long (aging), the steps taken to collect it (cases
and their stages), payment plans with their instalments, debt notices, and the collection rate.

See docs/collections.md.
"""
