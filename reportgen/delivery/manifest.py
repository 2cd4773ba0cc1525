"""OUT/manifest.csv and OUT/manifest.json: which files `reportgen split` wrote for which division.

The one definition of the format: `reportgen split` writes both files with
`manifest_files`, `reportgen mail` reads manifest.json back with `read_manifest`.
manifest.csv is for people (it opens in Excel: UTF-8 with BOM, CRLF);
manifest.json is for programs:

    {"title": "…", "years": [2024, 2025], "codes": ["R6", "R7"],
     "files": [{"bureau": "総務市民局", "division": "地域振興課",
                "xlsx": "総務市民局_地域振興課.xlsx", "pdf": "総務市民局_地域振興課.pdf",
                "programs": [{"number": 7, "name": "…"}], "totals": [2407735, 2728458]}]}

Reading checks everything a mail needs (names safe in a mail header, each
attachment a plain file directly inside OUT) and reports every problem with
the JSON path of the field (`files[2].pdf`), never a guess.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import os
from dataclasses import dataclass
from pathlib import PureWindowsPath

import reportgen.model.columns as col
import reportgen.model.era as era
from reportgen.delivery.address_book import header_problem
from reportgen.delivery.file_names import inside
from reportgen.messages import listing, relayed, say
from reportgen.model.findings import Finding, ReportgenError, Severity, Text, english
from reportgen.model.glossary import LANGUAGES, load_glossary, table_words, year_values
from reportgen.model.publication import Location, Publication

MIME_TYPES = {"xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              "pdf": ("application", "pdf")}
KINDS = tuple(MIME_TYPES)  # the attachment formats a manifest can list, in this order
CSV_NAME, JSON_NAME = "manifest.csv", "manifest.json"


@dataclass(frozen=True)
class Entry:
    """One division's part of the manifest."""

    bureau: str
    division: str
    attachments: tuple[tuple[str, str], ...]  # (kind, file name inside OUT)
    programs: tuple[tuple[int, str], ...]  # (number, name)
    totals: tuple[int | None, ...]  # thousand yen per fiscal year; None: no budget that year

    @property
    def name(self) -> str:
        """How a person names the division on the command line: 局/担当課."""
        return f"{self.bureau}/{self.division}"


@dataclass(frozen=True)
class Manifest:
    path: str
    title: str
    years: tuple[int, int]
    codes: tuple[str, str]
    entries: tuple[Entry, ...]  # the valid entries, in the manifest's order
    findings: tuple[Finding, ...]  # problems with single entries (the rest is read)
    lang: str = "ja"  # the division files' language: the mail to each division is in it


def _error(where: str, field: str, message: Text) -> Finding:
    return Finding(Severity.ERROR, Location(where), message, field)


# ---------------------------------------------------------------- writing
def manifest_files(out_dir: str, publication: Publication, parts, lang: str = "ja") -> dict[str, bytes]:
    """{path: bytes} of both manifests; `parts` are (part, {kind: file name}) with part.bureau,
    .division, .programs and .totals (a reportgen.divisions.DivisionPart); `lang`: the
    division files' language (the CSV's headings, and the mail's)."""
    return {os.path.join(out_dir, CSV_NAME): manifest_csv(publication, parts, lang),
            os.path.join(out_dir, JSON_NAME): manifest_json(publication, parts, lang)}


def manifest_csv(publication: Publication, parts, lang: str = "ja") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_csv_headers(publication, "en" if lang == "en" else "ja"))
    for part, names in parts:
        totals = part.totals
        writer.writerow([part.bureau, part.division, *(names.get(kind, "") for kind in KINDS),
                         " ".join(str(p.number) for p in part.programs), len(part.programs),
                         "" if totals[0] is None else totals[0], "" if totals[1] is None else totals[1]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_headers(publication: Publication, lang: str) -> list[str]:
    words = table_words(publication.years, lang)
    budgets = [words.flat_headers[col.BUDGET_FIRST], words.flat_headers[col.BUDGET_SECOND]]
    if lang != "en":
        return ["局", "担当課", *KINDS, "事業番号", "事業数", *budgets]
    glossary, values = load_glossary(), year_values(publication.years)
    return [glossary.label("bureau", lang), glossary.label("division", lang), *KINDS,
            words.flat_headers[col.NUMBER], glossary.label("program_count", lang, **values), *budgets]


def manifest_json(publication: Publication, parts, lang: str = "ja") -> bytes:
    data = {
        "title": publication.title,
        "lang": lang,
        "years": [publication.years.first, publication.years.second],
        "codes": list(publication.years.codes),
        "files": [{
            "bureau": part.bureau, "division": part.division,
            **{kind: names.get(kind) for kind in KINDS},
            "programs": [{"number": p.number, "name": p.name.text} for p in part.programs],
            "totals": list(part.totals),
        } for part, names in parts],
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


# ---------------------------------------------------------------- reading
def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(say("manifest.repeated_keys", keys=twice))
    return dict(pairs)


def _load_json(path: str):
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read().decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except OSError as exc:
        raise ReportgenError(_error(path, "manifest", say("manifest.unreadable", reason=exc.strerror))) from None
    except UnicodeDecodeError as exc:
        raise ReportgenError(_error(path, "encoding", say("manifest.not_utf8", offset=exc.start))) from None
    except json.JSONDecodeError as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(path, exc.lineno),
                                     say("manifest.not_json", problem=exc.msg), "manifest")) from None
    except ValueError as exc:  # the repeated keys (a Text), or the json module's own words
        raise ReportgenError(_error(path, "manifest", relayed(str(exc), english(exc)))) from None


def read_manifest(out: str) -> Manifest:
    """OUT/manifest.json; ReportgenError when the file as a whole is unusable, otherwise the
    valid entries plus a finding for each bad one."""
    path = os.path.join(out, JSON_NAME)
    data = _load_json(path)
    if not isinstance(data, dict):
        raise ReportgenError(_error(path, "manifest", say("manifest.not_a_json_object")))
    title, years, files = data.get("title"), data.get("years"), data.get("files")
    fatal = []
    if not isinstance(title, str) or not title.strip():
        fatal.append(_error(path, "title", say("manifest.no_title")))
    if not (isinstance(years, list) and len(years) == 2 and all(_is_int(y) and y >= 1926 for y in years)):
        fatal.append(_error(path, "years", say("manifest.bad_years")))
    elif "codes" in data and data["codes"] != [era.era_code(y) for y in years]:
        fatal.append(_error(path, "codes", say("manifest.codes_mismatch", codes=data["codes"], years=years)))
    if not isinstance(files, list):
        fatal.append(_error(path, "files", say("manifest.no_files")))
    lang = data.get("lang", "ja")  # a manifest from before editions had a language is Japanese
    if lang not in LANGUAGES:
        fatal.append(_error(path, "lang", say("manifest.bad_lang", lang=lang, languages=" / ".join(LANGUAGES))))
    if fatal:
        raise ReportgenError(fatal)
    findings: list[Finding] = []
    entries: list[Entry] = []
    for i, item in enumerate(files):
        entry, problems = _read_entry(out, path, f"files[{i}]", item)
        if entry is not None and any((e.bureau, e.division) == (entry.bureau, entry.division) for e in entries):
            problems.append(_error(path, f"files[{i}].division",
                                   say("manifest.repeated_division", bureau=entry.bureau, division=entry.division)))
        findings += problems
        if not problems:
            entries.append(entry)
    return Manifest(path, title, tuple(years), tuple(era.era_code(y) for y in years), tuple(entries), tuple(findings),
                    lang)


def _read_entry(out: str, path: str, where: str, item) -> tuple[Entry | None, list[Finding]]:
    if not isinstance(item, dict):
        return None, [_error(path, where, say("manifest.not_an_object"))]
    problems: list[Finding] = []
    for field in ("bureau", "division"):
        value = item.get(field)
        if not isinstance(value, str) or not value.strip():
            problems.append(_error(path, f"{where}.{field}", say("manifest.no_name")))
        elif header_problem(value):
            problem = header_problem(value)
            problems.append(_error(path, f"{where}.{field}", say("manifest.unsafe_name", value=value,
                                                                         problem=problem)))
    programs = item.get("programs")
    if not (isinstance(programs, list) and all(
            isinstance(p, dict) and _is_int(p.get("number")) and isinstance(p.get("name"), str) for p in programs)):
        problems.append(_error(path, f"{where}.programs", say("manifest.bad_programs")))
    totals = item.get("totals")
    if not (isinstance(totals, list) and len(totals) == 2 and all(t is None or _is_int(t) for t in totals)):
        problems.append(_error(path, f"{where}.totals", say("manifest.bad_totals")))
    attachments = []
    for kind in KINDS:
        name = item.get(kind)
        problem = None if name is None else _attachment_problem(out, name, kind)
        if problem:
            problems.append(_error(path, f"{where}.{kind}", say("manifest.bad_attachment", name=name,
                                                                        problem=problem)))
        elif name is not None:
            attachments.append((kind, name))
    if all(item.get(kind) is None for kind in KINDS):
        problems.append(_error(path, where, say("manifest.no_attachment", kinds=", ".join(KINDS))))
    if problems:
        return None, problems
    return Entry(item["bureau"], item["division"], tuple(attachments),
                 tuple((p["number"], p["name"]) for p in programs), tuple(totals)), []


def _attachment_problem(out: str, name, kind: str) -> Text | None:
    """Why `name` cannot be attached: split writes plain file names directly inside OUT."""
    if not isinstance(name, str) or not name:
        return say("manifest.not_a_file_name")
    if "/" in name or "\\" in name or name in (".", "..") or PureWindowsPath(name).anchor:
        return say("manifest.not_directly_inside")
    if not name.lower().endswith(f".{kind}"):
        return say("manifest.wrong_extension", kind=kind)
    if header_problem(name):  # the name travels in the attachment's Content-Disposition header
        return header_problem(name)
    try:
        target = inside(out, name)
    except ValueError:
        return say("manifest.outside")
    if not os.path.isfile(target):
        return say("manifest.no_such_file")
    return None


# ---------------------------------------------------------------- naming divisions
def select(entries, names: list[str], option: str = "--resend") -> tuple[list[Entry], list[Finding]]:
    """The entries named `局/担当課` (or just `担当課` when no other bureau has one by that name),
    and an error for each name that is unknown or ambiguous."""
    chosen: list[Entry] = []
    findings: list[Finding] = []
    for raw in names:
        name = raw.strip()
        found = [e for e in entries if e.name == name] or [e for e in entries if e.division == name]
        if len(found) == 1:
            if found[0] not in chosen:
                chosen.append(found[0])
            continue
        if found:
            problem = say("manifest.ambiguous_division", name=raw, count=len(found),
                                  matches=listing(e.name for e in found))
        else:
            divisions = [e.division for e in entries]
            usable = [e.division if divisions.count(e.division) == 1 else e.name for e in entries]
            close = ([u for u, e in zip(usable, entries) if name and name in e.division][:3]
                     or difflib.get_close_matches(name, usable, n=3)
                     or difflib.get_close_matches(name, [e.name for e in entries], n=3))
            problem = (say("manifest.unknown_division_like", name=raw, close=listing(close)) if close
                       else say("manifest.unknown_division", name=raw))
        findings.append(_error(option, "resend", problem))
    return chosen, findings
