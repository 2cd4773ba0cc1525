"""The options of an edition, checked once when made: a bad option is one clear
ReportgenError naming it, from the command line and from Python alike. `Options`
is what callers fill in; its groups (read, build, render, output) are what each
stage of the pipeline reads."""
from __future__ import annotations

from dataclasses import dataclass

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.glossary import LANGUAGES
from reportgen.model.publication import Location


@dataclass(frozen=True)
class ReadOptions:
    """How sources are read."""

    bureau: str | None = None  # bureau name for files that never state one
    glossary: str | None = None  # the glossary an English or bilingual workbook was made with


@dataclass(frozen=True)
class BuildOptions:
    """How the report is built: its subtotals and its words."""

    subtotals: str = "pillar"
    lang: str = "ja"
    glossary: str | None = None
    templates: str | None = None
    deadline: str | None = None  # a division workbook's 記入要領: when to send it back
    return_to: str | None = None  # and to whom


@dataclass(frozen=True)
class RenderOptions:
    """How a built report is drawn (what every renderer of the registry may read)."""

    paper: str = "a3"
    font: str | None = None
    templates: str | None = None  # the HTML page is a template too
    lang: str = "ja"  # the open-data CSV's headings follow an English edition
    protect_inputs: bool = False
    tagged: bool = True  # PDFs tagged for screen readers (PDF/UA-1); False only for a programmer's quick draft


@dataclass(frozen=True)
class OutputOptions:
    """How the files are named and checked."""

    name: str | None = None
    checksums: bool = False


PAPERS = ("a3", "a4")
SUBTOTALS = ("pillar", "measure")


@dataclass(frozen=True)
class Options:
    """How to build an edition. Checked when made, so that a bad option is one
    clear ReportgenError naming it, from the command line and from Python alike."""

    paper: str = "a3"  # a3 | a4 (landscape)
    subtotals: str = "pillar"  # pillar | measure
    font: str | None = None  # a TTF/TTC replacing the shipped face
    bureau: str | None = None  # bureau name for files that never state one
    name: str | None = None  # output file stem
    lang: str = "ja"  # ja | en | ja+en, or several editions at once: "ja,en"
    glossary: str | None = None  # a city office's glossary overlaid on templates/glossary.toml
    templates: str | None = None  # a folder of templates overriding templates/
    checksums: bool = False  # also write SHA256SUMS for the edition's files
    protect_inputs: bool = False  # division workbooks: only the input cells stay editable
    deadline: str | None = None  # split: the deadline its 記入要領 sheet states
    return_to: str | None = None  # split: where the division sends its workbook back
    tagged: bool = True  # every PDF tagged (PDF/UA-1); the command line has no way to turn it off

    def __post_init__(self) -> None:
        problems = []
        for option, allowed in (("paper", PAPERS), ("subtotals", SUBTOTALS)):
            value = getattr(self, option)
            if value not in allowed:
                problems.append(_option_problem(option, "options.not_available", value=value,
                                                allowed=" / ".join(allowed)))
        languages = self.lang.split(",") if isinstance(self.lang, str) else [self.lang]
        if any(lang not in LANGUAGES for lang in languages) or len(set(languages)) != len(languages):
            problems.append(_option_problem("lang", "options.not_available", value=self.lang,
                                            allowed=" / ".join(LANGUAGES) + " (ja,en …)"))
        for option in ("font", "bureau", "name", "glossary", "templates", "deadline", "return_to"):
            value = getattr(self, option)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                problems.append(_option_problem(option, "options.empty"))
        for option in ("checksums", "protect_inputs", "tagged"):
            if not isinstance(getattr(self, option), bool):
                problems.append(_option_problem(option, "options.not_bool"))
        if isinstance(self.name, str) and self.name.strip() and (
                any(c in self.name for c in "/\\\0") or self.name.strip(". ") == ""):
            problems.append(_option_problem("name", "options.name_separators", name=self.name))
        if problems:
            raise ReportgenError(problems)

    @property
    def editions(self) -> tuple[str, ...]:
        """The language of each edition to build: `lang` may name several ("ja,en")."""
        return tuple(self.lang.split(","))

    # the groups each stage reads: the command line and the Python API fill in one
    # Options, checked once above; each stage sees only its own part
    @property
    def read(self) -> ReadOptions:
        return ReadOptions(self.bureau, self.glossary)

    @property
    def build(self) -> BuildOptions:
        return BuildOptions(self.subtotals, self.lang, self.glossary, self.templates, self.deadline, self.return_to)

    @property
    def render(self) -> RenderOptions:
        return RenderOptions(self.paper, self.font, self.templates, self.lang, self.protect_inputs, self.tagged)

    @property
    def output(self) -> OutputOptions:
        return OutputOptions(self.name, self.checksums)


def _option_problem(option: str, message_id: str, **params) -> Finding:
    """The message `message_id` about `option`, named as the command line spells it."""
    flag = "--" + option.replace("_", "-")
    return Finding(Severity.ERROR, Location(flag), say(message_id, flag=flag, **params), option)
