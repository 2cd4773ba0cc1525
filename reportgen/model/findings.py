"""Findings (errors, warnings, notices) and the one error type users see.

Every message is held twice: in Japanese (the official language, `message`)
and in plain English (`message_en`). Both come from the message catalogue
(reportgen.messages): `say(id, …)` gives a `Text`, which a Finding takes as its
message, English included. `finding.text(lang)` renders a finding in a message
language; `str(finding)` is the Japanese line. A finding created without
English prints its Japanese text in English output too, never an empty message.

Helpers that hand a message to a caller as a string (a problem description, an
exception's text) return a `Text`: the Japanese string itself, carrying its
English in `.en`; `english(value)` reads it back (or falls back to the text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import Enum

import reportgen.model.era as era
from reportgen.messages.text import MESSAGE_LANGUAGES, Text, english, message_language
from reportgen.model.publication import Location

__all__ = ["MESSAGE_LANGUAGES", "Text", "english", "message_language", "Severity", "Finding",
           "ReportgenError", "field_label", "field_en", "errors_in"]

class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


# ---------------------------------------------------------------- field names in English
# The field is the document's own column heading (Japanese); English output adds the
# English heading (as in templates/glossary.toml) in parentheses.
_FIELDS_EN = {
    "主な施策": "Measure", "事務事業番号": "No.", "主要事務事業名": "Program", "事業概要": "Summary",
    "担当課": "Division in charge", "局": "Bureau", "重点戦略": "Strategy", "表題": "Title",
    "年度": "Fiscal years", "予算額": "Budget", "●": "major program mark",
    "事業目標": "Indicator", "基準値": "Baseline", "基準年度": "Baseline year",
}
_ERA = r"(?P<code>[RHS][0-9]{1,2})"
_KPI = r"KPI ?(?:\(成果指標)?(?P<kpi>[①②])\)?"
_FIELD_PATTERNS = (
    (re.compile(rf"^{_ERA}予算額\(千円\)$"), "Budget {fy}, JPY thousand"),
    (re.compile(rf"^{_ERA}欄?$"), "{fy} mark"),
    (re.compile(rf"^{_ERA}目標値$"), "Target {fy}"),
)


def field_en(name: str) -> str | None:
    """The English heading of a Japanese field name, or None when there is none to add."""
    if name in _FIELDS_EN:
        return _FIELDS_EN[name]
    kpi = re.match(rf"^{_KPI} (?P<rest>.+)$", name)
    if kpi:
        rest = field_en(kpi["rest"])
        return f"KPI {'①②'.index(kpi['kpi']) + 1} {rest}" if rest else None
    for pattern, english_name in _FIELD_PATTERNS:
        match = pattern.match(name)
        if match:
            year = era.parse_year(match["code"])
            return english_name.format(fy=f"FY{year}") if year else None
    return None


def field_label(name: str, lang: str = "ja") -> str:
    """`R7予算額(千円)` in Japanese; `R7予算額(千円) (Budget FY2025, JPY thousand)` in English."""
    if message_language(lang) != "en" or not name:
        return name
    english_name = field_en(name)
    return f"{name} ({english_name})" if english_name and english_name != name else name


# ---------------------------------------------------------------- findings
@dataclass(frozen=True)
class Finding:
    """One message about the input, `file:line: severity: [field] message`."""

    severity: Severity
    location: Location
    message: str
    field: str = ""
    message_en: str = dataclass_field(default="", compare=False)  # the same message in English

    def __post_init__(self) -> None:
        if isinstance(self.message, Text):  # a Text brings its English along
            if not self.message_en:
                object.__setattr__(self, "message_en", self.message.en)
            object.__setattr__(self, "message", str(self.message))

    def text(self, lang: str = "ja") -> str:
        """The finding's line in a message language (ja, en; ja+en prints Japanese)."""
        if message_language(lang) == "en":
            message = self.message_en or self.message
        else:
            message = self.message
        name = field_label(self.field, lang)
        where = f"{name}: " if name else ""
        return f"{self.location}: {self.severity.value}: {where}{message}"

    def __str__(self) -> str:
        return self.text("ja")


class ReportgenError(Exception):
    """A failure caused by the input or the options: shown without a traceback, exit 1.

    Either findings, or a plain message in Japanese with its English: one `Text`
    (`ReportgenError(say(…))`), or `ReportgenError("…日本語…", "…English…")`.
    """

    def __init__(self, findings: list[Finding] | Finding | str, en: str | None = None):
        if isinstance(findings, str):
            self.findings: tuple[Finding, ...] = ()
            self.message_ja = str(findings)
            self.message_en = en or english(findings)
        else:
            self.findings = tuple([findings] if isinstance(findings, Finding) else findings)
            self.message_ja = "\n".join(f.text("ja") for f in self.findings)
            self.message_en = "\n".join(f.text("en") for f in self.findings)
        super().__init__(self.message_ja)

    def text(self, lang: str = "ja") -> str:
        """Every finding (or the message) in a message language."""
        return self.message_en if message_language(lang) == "en" else self.message_ja


def errors_in(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]
