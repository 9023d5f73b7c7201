"""The billing pages, one module per concept: periods, runs and their review, the ledger and
statements, receipts, corrections (adjustments), absences and interruptions, settings."""
