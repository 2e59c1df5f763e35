"""The campaign as typed records and its state derived from the submissions, as of a date:
progress, the rectification ledger, KPIs, deductions and the Top 10 (``state.derive_state``).
Pure functions over loaded records; nothing here reads files."""
