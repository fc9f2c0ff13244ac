"""Thin views: permissions from cchc.apps.org.access, reads from selectors, writes from services."""
