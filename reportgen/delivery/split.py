"""Division sheets: one workbook (and PDF) per (bureau, division) with only its programs.

`reportgen split` writes them with OUT/manifest.csv (for people) and
OUT/manifest.json (for `reportgen mail`), both defined in reportgen.manifest,
all-or-nothing. With many divisions the rendering runs in a process pool over
both cores, and the files are handed to write_files as they come out of the
pool, so staging them on disk overlaps the rendering of the rest.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from reportgen.delivery.file_names import inside, unique_stems
from reportgen.delivery.manifest import KINDS, manifest_files
from reportgen.delivery.output import write_files
from reportgen.messages import say
from reportgen.model.divisions import DivisionPart, split_publication
from reportgen.model.findings import ReportgenError
from reportgen.model.publication import Publication
from reportgen.options import Options
from reportgen.renderers import RENDERERS
from reportgen.report.edition import build_edition

SPLIT_FORMATS = KINDS  # the formats a manifest (and so `reportgen mail`) knows
POOL_THRESHOLD = 8  # below this, starting worker processes costs more than it saves


def _render_part(job: tuple[DivisionPart, tuple[str, ...], Options]) -> dict[str, bytes]:
    part, formats, options = job
    edition = build_edition(part.publication, options.build, division=part.division)
    return {fmt: RENDERERS[fmt](edition, options.render) for fmt in formats}


def check_split_formats(formats) -> None:
    unsupported = [str(f) for f in formats if f not in SPLIT_FORMATS]
    if unsupported or not formats:
        raise ReportgenError(say("split.unsupported_formats", formats=", ".join(SPLIT_FORMATS),
                                 unsupported=", ".join(unsupported)))


def split(publication: Publication, out_dir: str, formats: tuple[str, ...] = SPLIT_FORMATS,
          options: Options = Options(),
          progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Every division's files and the manifests, all or nothing; `progress(done, total)`
    is called as each division's files are rendered."""
    check_split_formats(formats)
    if len(options.editions) > 1:  # one set of division files, one manifest: one language per run
        raise ReportgenError(say("split.one_language", lang=options.lang))
    parts = split_publication(publication)
    with _rendering([(part, formats, options) for part in parts], progress) as rendered:
        # the pool is at work already: name the files and make the manifests meanwhile
        stems = unique_stems([f"{p.bureau}_{p.division}" for p in parts])
        entries = [(part, {fmt: f"{stem}.{fmt}" for fmt in formats}) for part, stem in zip(parts, stems)]
        manifest = manifest_files(out_dir, publication, entries, options.lang)
        paths = [inside(out_dir, name) for _, names in entries for name in names.values()] + list(manifest)

        def contents() -> Iterator[bytes]:
            for result in rendered:
                yield from (result[fmt] for fmt in formats)
            yield from manifest.values()

        created = not os.path.isdir(out_dir)
        try:
            return write_files(_FilesInOrder(paths, contents()))
        except BaseException:
            if created:  # a failed split leaves no empty OUT behind either
                try:
                    os.rmdir(out_dir)
                except OSError:
                    pass
            raise


@contextmanager
def _rendering(jobs: list, progress: Callable[[int, int], None] | None) -> Iterator[Iterator[dict[str, bytes]]]:
    """Start rendering the jobs; the context gives each job's files, in order, as they are done.
    Leaving it early (a failure) cancels what has not started yet."""
    if len(jobs) < POOL_THRESHOLD:
        yield _in_order((_render_part(job) for job in jobs), len(jobs), progress)
        return
    workers = min(2, os.cpu_count() or 1)
    if sys.platform.startswith("linux"):
        # Forked workers receive the jobs when they start (a forked process
        # inherits its arguments, nothing is pickled) and then only an index
        # per job: no pickling and unpickling of each division (~0.3 ms).
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_receive_jobs, initargs=(jobs,))
        render, work = _render_received_job, range(len(jobs))
    else:  # spawned workers (Windows, macOS) get each job pickled
        pool = ProcessPoolExecutor(max_workers=workers)
        render, work = _render_part, jobs
    try:
        yield _in_order(pool.map(render, work, chunksize=4), len(jobs), progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_RECEIVED_JOBS: list = []  # in a forked worker: the jobs of the split it works for


def _receive_jobs(jobs: list) -> None:
    global _RECEIVED_JOBS
    _RECEIVED_JOBS = jobs


def _render_received_job(index: int) -> dict[str, bytes]:
    return _render_part(_RECEIVED_JOBS[index])


def _in_order(results: Iterator[dict[str, bytes]], total: int,
              progress: Callable[[int, int], None] | None) -> Iterator[dict[str, bytes]]:
    for done, result in enumerate(results, start=1):
        if progress is not None:
            progress(done, total)
        yield result


class _FilesInOrder(Mapping):
    """{path: bytes} whose contents are produced, in order, when first read.

    write_files goes through its files in order, staging each; given this
    mapping it stages the first divisions' files while the pool still renders
    the rest, instead of waiting for every file before writing any. A failure
    while rendering reaches write_files as a failure to read a file, and it
    removes what it staged: still all-or-nothing."""

    def __init__(self, paths: list[str], contents: Iterator[bytes]) -> None:
        if len(set(paths)) != len(paths):
            raise ValueError("two files of a split have the same path")
        self._paths = paths
        self._position = {path: index for index, path in enumerate(paths)}
        self._contents = contents
        self._produced = 0
        self._waiting: dict[str, bytes] = {}  # rendered, not yet read: each file is read once, then let go

    def __getitem__(self, path: str) -> bytes:
        if path not in self._position:
            raise KeyError(path)
        while path not in self._waiting:
            if self._position[path] < self._produced:
                raise RuntimeError(f"{path} was read already")
            content = next(self._contents, None)
            if content is None:
                raise RuntimeError(f"no content was rendered for {path}")
            self._waiting[self._paths[self._produced]] = content
            self._produced += 1
        return self._waiting.pop(path)

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
