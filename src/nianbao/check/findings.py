"""What a check finds: the types every layer shares (checker, readers, views, batch, service).

Kept apart from the checker so that readers and views need not import the evaluator, and
so that no two check modules import each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from nianbao.check.localise import Change
from nianbao.spec.cellref import CellRef
from nianbao.spec.rules import ERROR, Rule, Severity

Locator = Callable[[str], CellRef | None]


@dataclass
class Finding:
    rule: str
    severity: Severity
    keys: tuple[str, ...]
    message: str
    expected: object = None
    actual: object = None
    cells: tuple[CellRef, ...] = ()
    target: str | None = None  # the key whose value `expected` is
    cell: CellRef | None = None  # the cell the finding is about, located like `cells`
    cell_key: str | None = None  # the key read at `cell`
    # Error localisation (check/localise.py): the one correction the relations settle, or the
    # possibilities when several fit. `expected` is a value to type only when `fixes` is set.
    fixes: tuple[Change, ...] = ()
    candidates: tuple[tuple[Change, ...], ...] = ()
    explanation: str | None = None  # the clerk's 出错说明, matched by `id`
    advice_cells: dict[str, CellRef] = field(default_factory=dict)  # where each advised key is

    @classmethod
    def of(cls, rule: Rule, keys: tuple[str, ...], message: str, **details) -> Finding:
        """A finding of `rule`: its id and severity come from the rule, never written twice."""
        return cls(rule.id, rule.severity, keys, message, **details)

    @property
    def id(self) -> str:
        """A stable id: the same problem (rule and cells by key) gives the same id on every run,
        whatever the numbers, so a clerk's explanation (出错说明) stays attached to it."""
        digest = hashlib.sha1("|".join((self.rule, *self.keys)).encode()).hexdigest()[:10]
        return f"{self.rule}-{digest}"

    @property
    def table(self) -> str:
        """'t2', 't3', 't4', 'meta', 'text' or '' — for grouping findings."""
        return self.keys[0].split(".", 1)[0] if self.keys else ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def locate(self, locate: Locator) -> None:
        """Place the finding with the reader's locator (where each key was actually read):
        `cell` is the cell of the key whose value it gives, else of its first located key."""
        self.cells = tuple(c for c in (locate(k) for k in self.keys) if c)
        advised = [c.key for c in self.fixes] + [c.key for option in self.candidates for c in option]
        self.advice_cells = {k: cell for k in advised if (cell := locate(k)) is not None}
        for key in ([self.target] if self.target else []) + list(self.keys):
            cell = locate(key)
            if cell is not None:
                self.cell, self.cell_key = cell, key
                return
        self.cell, self.cell_key = None, None

    @property
    def fix(self) -> Change | None:
        """The settled change of this finding's own cells (its relation, or its blank cell)."""
        return next((c for c in self.fixes if c.key in self.keys), self.fixes[0] if self.fixes else None)

    @property
    def suspects(self) -> tuple[CellRef, ...]:
        """The cells the settled correction changes: marked strongest."""
        return tuple(cell for c in self.fixes if (cell := self.advice_cells.get(c.key)) is not None)

    @property
    def explained(self) -> bool:
        """A 提示 the clerk has explained (已说明); an 错误 cannot be explained away."""
        return bool(self.explanation) and not self.is_error

    def change_json(self, change: Change) -> dict:
        cell = self.advice_cells.get(change.key)
        return {"key": change.key, "cell": str(cell) if cell else None, "value": change.value}

    def to_json(self) -> dict:
        data = {
            "id": self.id,
            "rule": self.rule,
            "severity": self.severity,
            "keys": list(self.keys),
            "cells": [str(c) for c in self.cells],
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
        }
        fix = self.fix
        if fix is not None:
            data["fix"] = self.change_json(fix)
            if len(self.fixes) > 1:  # a correction of two cells: type both
                data["fixes"] = [self.change_json(c) for c in self.fixes]
        elif self.candidates:
            data["candidates"] = [self._candidate_json(option) for option in self.candidates]
        if self.explanation:
            data["explanation"] = self.explanation
        return data

    def _candidate_json(self, option: tuple[Change, ...]) -> dict:
        first = self.change_json(option[0])
        if len(option) > 1:
            first["with"] = [self.change_json(c) for c in option[1:]]
        return first


@dataclass(frozen=True)
class CellProblem:
    """A cell whose content could not be taken as given (from numbers.parse_cell)."""

    key: str
    rule: str
    found: str
    value: object = None  # the number read, when the problem is only a warning


def errors_of(findings: list[Finding]) -> list[Finding]:
    """The findings that block narrate/export (the rest are warnings)."""
    return [x for x in findings if x.is_error]
