"""Bank statement parsers (placeholder while being written)."""
