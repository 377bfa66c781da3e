"""Alembic environment: the store passes its open connection (see db.migrate)."""

from alembic import context

from nianbao.collect.models import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
