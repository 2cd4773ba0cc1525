"""What the report builder words an edition with, loaded before it builds: the glossary
(the shipped one with a city office's overlay) and the templates of the title, the
footnotes, the page footer and a division workbook's 記入要領. All the file I/O of building a report is here, so the
builder itself reads no file."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jinja2

from reportgen.model.glossary import Glossary, load_glossary
from reportgen.report.templating import load

BUILDER_TEMPLATES = ("title.txt.j2", "footnotes.txt.j2", "page_footer.txt.j2", "division_instructions.txt.j2")


@dataclass(frozen=True)
class Words:
    glossary: Glossary
    templates: dict[str, jinja2.Template]


@lru_cache(maxsize=8)
def load_words(glossary_path: str | None = None, templates_dir: str | None = None) -> Words:
    """The glossary and the builder's templates: shipped, or overlaid by a city office's
    own (--glossary, --templates). Loaded once per process for the same files."""
    return Words(load_glossary(glossary_path), {name: load(name, templates_dir) for name in BUILDER_TEMPLATES})
