"""Adapters between the core and files (workbooks, JSON, published reports)."""
