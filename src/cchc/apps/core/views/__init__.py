"""Pages of the core app, split by subject: home and audit trail, second factor, error pages."""
