"""Pages of the org app, split by subject: the unit tree and the staff accounts."""
