"""The `reportgen` command line: one function per command, found in COMMANDS.

Exit codes: 0 success, 1 bad input (a clear message, nothing written),
2 usage, 3 an internal error (traceback only with --debug).

Messages (findings, errors, the command's own lines, argparse's words) are printed
in Japanese, or in English with `--messages en`; without --messages, `--lang en`
(build, split, check) means English messages too, and ja / ja+en mean Japanese.
Everything printed goes through cli/console.py.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from dataclasses import replace

import reportgen.model.era as era
from reportgen import __version__
from reportgen.cli import options as opt
from reportgen.cli.console import Console
from reportgen.cli.mail import add_mail_arguments, run_mail
from reportgen.cycle.collect import collect
from reportgen.cycle.diff import compare, describe, highlights
from reportgen.cycle.rollforward import roll_forward
from reportgen.delivery.output import restore_interrupted, write_files
from reportgen.delivery.split import check_split_formats, split
from reportgen.messages import say
from reportgen.messages.text import message_language
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.glossary import file_name, load_glossary, untranslated
from reportgen.model.publication import Location
from reportgen.pipeline import RENDERERS, Options, build, parse_formats, render_edition
from reportgen.readers.sources import expand_returns, load, read
from reportgen.readers.validation import not_returned
from reportgen.renderers.pdf.document import render_pdf
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.builder import build_report
from reportgen.report.labels import labels_for, untranslated_labels
from reportgen.report.words import load_words

DEFAULT_SOURCES = opt.DEFAULT_SOURCES
DEFAULT_OUT = opt.DEFAULT_OUT


def _parser(lang: str = "ja") -> opt.Parser:
    parser, commands = opt.new_parser(lang, __version__)

    build_command = opt.command(commands, "build", lang)
    opt.add_sources(build_command)
    opt.add_out(build_command, DEFAULT_OUT)
    build_command.add_argument("--format", default=",".join(RENDERERS),
                               help=build_command.say("help.format", formats=", ".join(RENDERERS)))
    opt.add_edition(build_command)
    build_command.add_argument("--name", help=build_command.say("help.name"))
    build_command.add_argument("--checksums", action="store_true", help=build_command.say("help.checksums"))
    opt.add_quiet(build_command)

    split_command = opt.command(commands, "split", lang)
    opt.add_sources(split_command)
    opt.add_out(split_command, "out/divisions")
    split_command.add_argument("--format", default="xlsx,pdf", help=split_command.say("help.split_format"))
    split_command.add_argument("--deadline", metavar="TEXT", help=split_command.say("help.split_deadline"))
    split_command.add_argument("--return-to", metavar="TEXT", help=split_command.say("help.split_return_to"))
    opt.add_edition(split_command)
    opt.add_quiet(split_command, "help.quiet_split")

    mail_command = opt.command(commands, "mail", lang)
    add_mail_arguments(mail_command)

    roll_command = opt.command(commands, "rollforward", lang)
    opt.add_sources(roll_command)
    roll_command.add_argument("-o", "--out", required=True, help=roll_command.say("help.draft_out"))
    opt.add_paper(roll_command)
    opt.add_quiet(roll_command)

    collect_command = opt.command(commands, "collect", lang)
    collect_command.add_argument("returned", nargs="*", metavar="RETURNED", help=collect_command.say("help.returned"))
    collect_command.add_argument("--into", required=True, help=collect_command.say("help.into"))
    collect_command.add_argument("-o", "--out", help=collect_command.say("help.merged_out"))
    collect_command.add_argument("--status", action="store_true", help=collect_command.say("help.collect_status"))
    opt.add_quiet(collect_command)
    opt.add_paper(collect_command)
    opt.add_glossary(collect_command)

    diff_command = opt.command(commands, "diff", lang)
    diff_command.add_argument("old", metavar="OLD", help=diff_command.say("help.old"))
    diff_command.add_argument("new", metavar="NEW", help=diff_command.say("help.new"))
    diff_command.add_argument("-o", "--out", help=diff_command.say("help.report_out"))
    diff_command.add_argument("--format", default="pdf,xlsx", help=diff_command.say("help.report_format"))
    opt.add_paper(diff_command)
    opt.add_bureau(diff_command)
    opt.add_lang(diff_command, "help.report_lang")
    opt.add_glossary(diff_command)

    check_command = opt.command(commands, "check", lang)
    opt.add_sources(check_command)
    opt.add_quiet(check_command)
    opt.add_lang(check_command, "help.check_lang")
    opt.add_glossary(check_command)

    for name, command in commands.choices.items():  # `reportgen build … --messages en` works too
        if name != "mail":
            opt.add_debug(command, suppress=True)
        opt.add_messages(command, suppress=True)
    return parser


def messages_of(args: argparse.Namespace) -> str:
    """The message language: --messages, else English for --lang en, else Japanese."""
    return getattr(args, "messages", None) or message_language(getattr(args, "lang", None))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _long_lived() -> None:
    """The command's process ends when the command does: what it has built before
    rendering (the model, the report) lives until then, so the garbage collector
    need not scan it again and again while the renderers allocate (a quarter of
    a large workbook's time). Only the command line does this; the Python API
    leaves the caller's collector alone."""
    gc.freeze()


def _sources(args: argparse.Namespace) -> list[str]:
    return args.sources or [DEFAULT_SOURCES]


def _xlsx_out(path: str) -> str:
    if not path.lower().endswith(".xlsx"):
        raise ReportgenError(say("cli.xlsx_out", path=path))
    return path


def _options(args: argparse.Namespace, **extra) -> Options:
    return Options(paper=args.paper, subtotals=args.subtotals, font=args.font, bureau=args.bureau,
                   lang=args.lang, glossary=args.glossary, templates=args.templates, **extra)


# ---------------------------------------------------------------- the commands

def _restore(out: str, console: Console) -> None:
    """First of all, OUT holds one whole edition: a run killed while putting its files
    in place is undone (even if this run then fails on its input)."""
    if restore_interrupted(out):
        console.findings([Finding(Severity.WARNING, Location(out), say("output.restored"), "-o")])


def _build(args: argparse.Namespace, console: Console) -> int:
    _restore(args.out, console)
    formats = parse_formats(args.format)
    options = _options(args, name=args.name, checksums=args.checksums)
    written, result = build(_sources(args), args.out, formats, options, before_rendering=_long_lived,
                            progress=console.progress("build.progress"))
    console.findings(result.findings)
    for path in written:
        console.raw(path)
    return 0


def _check(args: argparse.Namespace, console: Console) -> int:
    result = read(_sources(args), args.bureau, glossary=args.glossary)
    findings = list(result.findings)
    if result.publication is not None:
        findings.extend(not_returned(result.publication))
    options = Options(lang=args.lang, glossary=args.glossary, bureau=args.bureau)
    if any(lang != "ja" for lang in options.editions) and result.publication is not None:
        findings.extend(untranslated(result.publication, load_glossary(args.glossary)))
        labels = labels_for(result.publication.years, "en", load_words(args.glossary))
        where = Location(args.glossary or "templates/glossary.toml")
        findings.extend(Finding(Severity.WARNING, where, say("glossary.untranslated_label", label=text), field)
                        for field, text in untranslated_labels(labels))
    if not result.errors and result.publication is not None:
        # build without writing: what the renderers refuse, check refuses too
        for lang in options.editions:
            try:
                render_edition(result.publication, list(RENDERERS), replace(options, lang=lang), _long_lived)
            except ReportgenError as exc:
                findings.extend(exc.findings)
    console.findings(findings)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    programs = len(result.publication.programs) if result.publication else 0
    console.line("cli.check_summary", programs=programs, errors=errors, warnings=warnings,
                 programs_en=_count(programs, "program"), errors_en=_count(errors, "error"),
                 warnings_en=_count(warnings, "warning"))
    return 1 if errors else 0


def _split(args: argparse.Namespace, console: Console) -> int:
    _restore(args.out, console)
    formats = tuple(parse_formats(args.format))
    check_split_formats(formats)
    result = read(_sources(args), args.bureau, glossary=args.glossary)
    if result.errors or result.publication is None:
        raise ReportgenError(result.errors)
    console.findings(result.findings)
    options = _options(args, protect_inputs=True, deadline=args.deadline, return_to=args.return_to)
    _long_lived()  # the model, and so every forked worker's copy of it
    written = split(result.publication, args.out, formats, options, progress=console.progress("split.progress"))
    for path in written:
        console.raw(path)
    return 0


def _mail(args: argparse.Namespace, console: Console) -> int:
    return run_mail(args)


def _rollforward(args: argparse.Namespace, console: Console) -> int:
    out = _xlsx_out(args.out)
    draft, findings = roll_forward(load(_sources(args), args.bureau))
    console.findings(findings)
    data = render_xlsx(build_report(draft), args.paper)
    for path in write_files({out: data}):
        console.raw(path)
    codes = "/".join(draft.years.codes)
    console.line("cli.draft_summary", codes=codes, programs=len(draft.programs),
                 programs_en=_count(len(draft.programs), "program"))
    return 0


def _collect(args: argparse.Namespace, console: Console) -> int:
    draft = load([args.into], glossary=args.glossary)
    if args.status:
        return _collection_status(draft, console)
    if not args.returned or not args.out:
        raise ReportgenError(say("cli.collect_needs"))
    out = _xlsx_out(args.out)
    collected = collect(draft, expand_returns(args.returned), progress=console.progress("collect.progress"),
                        glossary=args.glossary)
    Console(console.lang).findings(collected.findings)  # every finding, notices too: they are the returns
    if collected.publication is None:
        raise ReportgenError(say("cli.collect_errors"))
    data = render_xlsx(build_report(collected.publication), args.paper)
    for path in write_files({out: data}):
        console.raw(path)
    returned, missing, earlier = len(collected.returned), len(collected.missing), len(collected.earlier)
    console.line("cli.collect_summary", returned=returned, missing=missing, earlier=earlier,
                 returned_en=_count(returned, "division"))
    return 0


def _collection_status(draft, console: Console) -> int:
    """`collect --into DRAFT --status`: who has returned (from the draft's 回収状況), who has not."""
    report = build_report(draft)
    if report.collection is None:
        raise ReportgenError(say("cli.not_a_draft", path=draft.title))
    for row in report.collection:
        if row.returned:
            console.line("cli.status_returned", bureau=row.bureau, division=row.division,
                         file=row.returned.file, on=row.returned.on)
        else:
            console.line("cli.status_missing", bureau=row.bureau, division=row.division)
    missing = sum(1 for row in report.collection if row.returned is None)
    console.line("cli.status_summary", returned=len(report.collection) - missing, missing=missing)
    return 0


def _diff(args: argparse.Namespace, console: Console) -> int:
    new = load([args.new], args.bureau, args.glossary)
    comparison = compare(load([args.old], args.bureau, args.glossary), new)
    lines = describe(comparison, console.lang)
    if args.out:
        _change_report(args, console, new, comparison)
    for line in lines:
        console.raw(line)
    codes = [era.era_code(y) for y in comparison.years]
    none = console.say("cli.no_years")
    changes = len(comparison.changes)
    console.line("cli.diff_summary", count=changes, count_en=_count(changes, "change"),
                 years=("・" if console.lang == "ja" else ", ").join(codes) or none)
    return 0


def _change_report(args: argparse.Namespace, console: Console, new, comparison) -> None:
    """The new edition with the changed cells highlighted, opened by the list of changes,
    in the report's language (its words, its list of changes, its file name)."""
    formats = tuple(parse_formats(args.format))
    if set(formats) - {"pdf", "xlsx"}:
        raise ReportgenError(say("cli.report_formats"))
    lang = Options(lang=args.lang, glossary=args.glossary).lang
    if "," in lang:
        raise ReportgenError(say("cli.report_one_language", lang=lang))
    words = load_words(args.glossary)
    report = build_report(new, lang=lang, words=words, highlights=highlights(comparison),
                          change_list=tuple(describe(comparison, message_language(lang), words.glossary)))
    stem = file_name(words.glossary, "change_report_file_name", new.years, lang)
    files = {os.path.join(args.out, f"{stem}.{fmt}"):
             render_pdf(report, args.paper) if fmt == "pdf" else render_xlsx(report, args.paper)
             for fmt in formats}
    for path in write_files(files):
        console.raw(path)


COMMANDS = {"build": _build, "check": _check, "split": _split, "mail": _mail, "rollforward": _rollforward,
            "collect": _collect, "diff": _diff}


def _require_defusedxml() -> None:
    """Workbooks from outside are parsed safely only when openpyxl finds defusedxml."""
    import openpyxl
    if not openpyxl.DEFUSEDXML:
        raise ReportgenError(say("cli.no_defusedxml"))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser(opt.language_of(argv)).parse_args(argv)
    args.messages = messages_of(args)
    console = Console(args.messages, getattr(args, "quiet", False))
    try:
        _require_defusedxml()
        return COMMANDS[args.command](args, console)
    except ReportgenError as exc:
        if getattr(args, "debug", False):
            traceback.print_exc()
        console.error(exc.text(args.messages) or console.say("cli.error"))
        console.error(console.say("cli.nothing_written"))
        return 1
    except KeyboardInterrupt:
        console.error(console.say("cli.interrupted"))
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if getattr(args, "debug", False):
            traceback.print_exc()
        else:
            console.error(console.say("cli.internal_error", kind=type(exc).__name__, detail=exc))
        return 3
