"""jinja2 templates: titles, page texts, the HTML page, email subject and body.

Templates ship in the package (resources.py: the project's templates/ folder);
`--templates DIR` puts a city office's own folder in front, so any template can be overridden without
touching code. StrictUndefined everywhere: a typo in a template is an error,
not an empty string. Autoescape is on for .html templates only.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.publication import Location
from reportgen.resources import template


def _shipped(name: str) -> tuple[str, str, None] | None:
    """jinja2's FunctionLoader contract: (source, filename, uptodate) or None."""
    shipped = template(name)
    if not shipped.is_file():
        return None
    return shipped.read_text(encoding="utf-8"), f"templates/{name}", None


@lru_cache(maxsize=8)
def environment(override_dir: str | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.FunctionLoader(_shipped)]
    if override_dir is not None:
        if not Path(override_dir).is_dir():
            raise ReportgenError(Finding(Severity.ERROR, Location(override_dir),
                                         say("templating.no_folder"), "templates"))
        loaders.insert(0, jinja2.FileSystemLoader(override_dir, encoding="utf-8"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def load(name: str, override_dir: str | None = None) -> jinja2.Template:
    """One template read and compiled (the file I/O); a missing or broken template is a
    ReportgenError naming it."""
    try:
        return environment(override_dir).get_template(name)
    except jinja2.TemplateNotFound:
        raise ReportgenError(Finding(Severity.ERROR, Location(name), say("templating.not_found"),
                                     "templates")) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(exc.filename or name, exc.lineno),
                                     say("templating.syntax_error", detail=exc.message), "templates")) from None


def fill(template: jinja2.Template, **context) -> str:
    """A loaded template filled in (no file I/O); an undefined value is a ReportgenError."""
    try:
        return template.render(**context)
    except jinja2.UndefinedError as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(template.name or ""),
                                     say("templating.undefined", detail=exc.message), "templates")) from None


def render(name: str, override_dir: str | None = None, **context) -> str:
    """Load and fill one template; any template error becomes a ReportgenError naming it."""
    return fill(load(name, override_dir), **context)
