"""Services of the documents app: everything that writes goes through here."""
