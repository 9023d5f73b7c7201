"""Tests of the pure payment cores (penalties, allocation): plain pytest, no database."""
