"""`nianbao restore FILE.zip --data DIR [--db URL]` (the other half of commands/backup.py)."""

from nianbao.commands.backup import configure_restore as configure
from nianbao.commands.backup import run_restore as run

__all__ = ["configure", "run"]
