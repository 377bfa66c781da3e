"""Alembic migration scripts of the collection store, shipped in the package and run on start."""
