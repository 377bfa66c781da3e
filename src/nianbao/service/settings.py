"""What `nianbao serve` was started with; shared by every route of the office service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_bytes: int = 20 * 1024 * 1024
    # Threads that run 校验/导出 off the event loop; 0: one per CPU core plus two (the work
    # releases the GIL only in XML/zip code, so more threads than that only queue).
    workers: int = 0

    @property
    def upload_dir(self) -> Path:
        """Per-request temporary folders are made here (removed after each request)."""
        return Path(self.data_dir) / "tmp"
