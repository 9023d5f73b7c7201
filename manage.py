#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "abonent.settings")
    from abonent.cli import run_django

    run_django(sys.argv)
