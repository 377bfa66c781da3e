"""What an import returns: the report, and every cell it could not place (and why)."""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.spec import format2021 as f


@dataclass(frozen=True)
class Unplaced:
    """Something printed in the source that did not become a value."""

    where: str  # where in the source, in Chinese: "第12行" / "表三第5行数字"
    reason: str  # Chinese, one line
    keys: tuple[str, ...] = ()  # the key(s) it would belong to, when known
    found: str = ""  # the text as printed

    def to_json(self) -> dict:
        return {"where": self.where, "keys": list(self.keys), "reason": self.reason, "found": self.found}


@dataclass
class ImportResult:
    report: f.Report
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def format(self) -> str:
        return self.report.meta.get("format", "")

    @property
    def layout(self) -> str:
        return self.report.meta.get("layout", "")

    def to_json(self) -> dict:
        out = self.report.to_json()
        out["unplaced"] = [u.to_json() for u in self.unplaced]
        return out
