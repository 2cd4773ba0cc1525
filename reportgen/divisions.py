"""Division sheets: one workbook (and PDF) per (bureau, division) with only its programs.

`reportgen split` writes them with OUT/manifest.csv (for people) and
OUT/manifest.json (for `reportgen mail`), both defined in reportgen.manifest,
all-or-nothing. With many divisions the rendering runs in a process pool over
both cores.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from .edition import RENDERERS, Edition, Options
from .file_names import inside, unique_stems
from .layout import build_report, sum_existing
from .manifest import KINDS, manifest_files
from .model import Bureau, Measure, Pillar, Publication
from .output import write_files

SPLIT_FORMATS = KINDS  # the formats a manifest (and so `reportgen mail`) knows
POOL_THRESHOLD = 8  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class DivisionPart:
    bureau: str
    division: str
    publication: Publication  # the division's programs only, in the original order

    @property
    def programs(self):
        return self.publication.programs

    @property
    def totals(self) -> tuple[int | None, int | None]:
        return tuple(sum_existing(p.budgets[i].amount for p in self.programs) for i in range(2))


def split_publication(publication: Publication) -> list[DivisionPart]:
    """Parts in order of each division's first program within each bureau."""
    parts = []
    for bureau in publication.bureaus:
        for division in dict.fromkeys(p.division for p in bureau.programs):
            pillars = []
            for pillar in bureau.pillars:
                measures = tuple(Measure(m.name, tuple(p for p in m.programs if p.division == division))
                                 for m in pillar.measures)
                measures = tuple(m for m in measures if m.programs)
                if measures:
                    pillars.append(Pillar(pillar.numeral, pillar.name, measures))
            part = replace(publication, bureaus=(Bureau(bureau.name, tuple(pillars)),))
            parts.append(DivisionPart(bureau.name, division, part))
    return parts


def _render_part(job: tuple[DivisionPart, tuple[str, ...], Options]) -> dict[str, bytes]:
    part, formats, options = job
    report = build_report(part.publication, options.subtotals, options.lang, options.glossary,
                          options.templates, division=part.division)
    edition = Edition(part.publication, report)
    return {fmt: RENDERERS[fmt](edition, options) for fmt in formats}


def split(publication: Publication, out_dir: str, formats: tuple[str, ...] = SPLIT_FORMATS,
          options: Options = Options(), progress: bool = False) -> list[str]:
    parts = split_publication(publication)
    stems = unique_stems([f"{p.bureau}_{p.division}" for p in parts])
    jobs = [(part, formats, options) for part in parts]
    rendered: list[dict[str, bytes]] = []
    if len(jobs) >= POOL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
            for done, result in enumerate(pool.map(_render_part, jobs, chunksize=4), start=1):
                rendered.append(result)
                _show(progress, done, len(jobs))
    else:
        for done, job in enumerate(jobs, start=1):
            rendered.append(_render_part(job))
            _show(progress, done, len(jobs))
    if progress:
        print(file=sys.stderr)
    files: dict[str, bytes] = {}
    entries = []
    for part, stem, result in zip(parts, stems, rendered):
        names = {fmt: f"{stem}.{fmt}" for fmt in formats}
        for fmt, name in names.items():
            files[inside(out_dir, name)] = result[fmt]
        entries.append((part, names))
    files.update(manifest_files(out_dir, publication, entries))
    return write_files(files)


def _show(progress: bool, done: int, total: int) -> None:
    if progress:
        width = 30
        filled = width * done // total
        print(f"\r分割中 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", file=sys.stderr,
              flush=True)
