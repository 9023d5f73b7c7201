from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 at its lowest cost: the same algorithm and hash format as production, cheap
    enough for tests that create hundreds of users. Tests marked ``real_hashers`` keep the
    production cost (see conftest.py)."""

    algorithm = "argon2"
    time_cost = 1
    memory_cost = 8
    parallelism = 1
