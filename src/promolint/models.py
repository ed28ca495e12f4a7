"""Plain data passed between the pipeline stages: severities, findings and file errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How serious a finding is; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class RelatedLocation:
    """Another place a finding refers to (e.g. the other channel's copy)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    record: str | None = None
    message: str = ""

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "record": self.record,
            "message": self.message,
        }


@dataclass(frozen=True)
class Finding:
    """One problem at one span of one document, located in the original file."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    excerpt: str
    suggestion: str = ""
    record: str | None = None
    related: tuple[RelatedLocation, ...] = field(default_factory=tuple)
    # The source line(s) of the span, for human reporters; not part of JSON output.
    line_text: str = field(default="", compare=False, repr=False)

    def sort_key(self) -> tuple:
        return (self.path, self.record or "", self.line, self.column, self.rule)

    def to_dict(self) -> dict:
        data = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "record": self.record,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.value,
            "message": self.message,
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
        }
        if self.related:
            data["related"] = [r.to_dict() for r in self.related]
        return data


@dataclass(frozen=True)
class FileError:
    """A file (or record) that could not be checked, with a one-line reason."""

    path: str
    message: str

    def to_dict(self) -> dict:
        return {"path": self.path, "message": self.message}
