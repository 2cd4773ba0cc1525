"""Findings (errors, warnings, notices) and the one error type users see."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .model import Location


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True)
class Finding:
    """One message about the input, `file:line: severity: [field] message`."""

    severity: Severity
    location: Location
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.location}: {self.severity.value}: {where}{self.message}"


class ReportgenError(Exception):
    """A failure caused by the input or the options: shown without a traceback, exit 1."""

    def __init__(self, findings: list[Finding] | Finding | str):
        if isinstance(findings, str):
            self.findings: tuple[Finding, ...] = ()
            message = findings
        else:
            self.findings = tuple([findings] if isinstance(findings, Finding) else findings)
            message = "\n".join(str(f) for f in self.findings)
        super().__init__(message)


def errors_in(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]
