"""Institutions: review and systematisation of legal documents (NĐ 79/2025/NĐ-CP, ../shared/standards.md §14)."""
