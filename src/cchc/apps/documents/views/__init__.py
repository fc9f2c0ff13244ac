"""Pages of the documents app, split by subject: outgoing documents (drafting, signing) and the office
(registers, incoming documents, verification, archive files, indicators)."""
