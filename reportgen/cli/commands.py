"""The `reportgen` command line.

Exit codes: 0 success, 1 bad input (a clear message, nothing written),
2 usage, 3 an internal error (traceback only with --debug).

Messages (findings, errors and the command's own lines) are printed in Japanese,
or in English with `--messages en`; without --messages, `--lang en` (build,
split, check) means English messages too, and ja / ja+en mean Japanese.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback

import reportgen.model.era as era
from reportgen import __version__
from reportgen.cli.console import Console
from reportgen.cycle.collect import collect
from reportgen.cycle.diff import compare, describe, highlights
from reportgen.cycle.rollforward import roll_forward
from reportgen.delivery.mail import add_mail_arguments, run_mail
from reportgen.delivery.output import write_files
from reportgen.delivery.split import check_split_formats, split
from reportgen.model.findings import (
    MESSAGE_LANGUAGES,
    ReportgenError,
    Severity,
    message_language,
)
from reportgen.model.glossary import LANGUAGES, load_glossary, untranslated
from reportgen.pipeline import RENDERERS, Options, build, parse_formats
from reportgen.readers.sources import expand, load, read
from reportgen.renderers.pdf.document import render_pdf
from reportgen.renderers.xlsx.workbook import render_xlsx
from reportgen.report.builder import build_report

DEFAULT_SOURCES = "seeds"
DEFAULT_OUT = "out"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportgen",
        description="主要事務事業の表から、印刷用 PDF・Excel・HTML・オープンデータ CSV を作ります。")
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}",
                        help="版を表示して終わる")
    parser.add_argument("--debug", action="store_true", help="内部エラーの traceback を表示する")
    parser.add_argument("--messages", choices=MESSAGE_LANGUAGES, default=None,
                        help="メッセージの言語（既定: ja。build・split・check は --lang en なら en）")
    commands = parser.add_subparsers(dest="command", required=True)

    def sources_arguments(command: argparse.ArgumentParser) -> None:
        command.add_argument("sources", nargs="*", metavar="SOURCES",
                             help=f"表のファイルまたはフォルダ（既定: {DEFAULT_SOURCES}/）")
        command.add_argument("--bureau", help="局名がどこにも書かれていないファイルの局名")
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="内部エラーの traceback を表示する")

    build_command = commands.add_parser("build", help="刊行物を OUT に作る")
    sources_arguments(build_command)
    build_command.add_argument("-o", "--out", default=DEFAULT_OUT, help=f"出力フォルダ（既定: {DEFAULT_OUT}/）")
    build_command.add_argument("--format", default=",".join(RENDERERS),
                               help=f"出力形式をカンマ区切りで（{', '.join(RENDERERS)}）")
    build_command.add_argument("--paper", choices=("a3", "a4"), default="a3", help="用紙（横置き）")
    build_command.add_argument("--subtotals", choices=("pillar", "measure"), default="pillar",
                               help="小計の単位（measure で施策ごとの小計も）")
    build_command.add_argument("--font", help="代わりに使う日本語 TrueType フォント (.ttf/.ttc)")
    build_command.add_argument("--name", help="出力ファイル名（拡張子なし）")
    build_command.add_argument("--lang", choices=LANGUAGES, default="ja",
                               help="見出しの言語（ja: 公式の体裁、en: 英語、ja+en: 併記）")
    build_command.add_argument("--glossary", help="用語集 (TOML)。templates/glossary.toml に重ねて使う")
    build_command.add_argument("--templates", help="テンプレートを差し替えるフォルダ")
    build_command.add_argument("--checksums", action="store_true", help="SHA256SUMS も書き出す（版の検証用）")
    build_command.add_argument("-q", "--quiet", action="store_true", help="お知らせ（notice）を表示しない")

    split_command = commands.add_parser("split", help="担当課ごとのファイル（Excel・PDF）と manifest を OUT に作る")
    sources_arguments(split_command)
    split_command.add_argument("-o", "--out", default="out/divisions", help="出力フォルダ（既定: out/divisions/）")
    split_command.add_argument("--format", default="xlsx,pdf", help="出力形式（xlsx, pdf をカンマ区切りで）")
    split_command.add_argument("--paper", choices=("a3", "a4"), default="a3", help="用紙（横置き）")
    split_command.add_argument("--subtotals", choices=("pillar", "measure"), default="pillar")
    split_command.add_argument("--font", help="代わりに使う日本語 TrueType フォント (.ttf/.ttc)")
    split_command.add_argument("--lang", choices=LANGUAGES, default="ja")
    split_command.add_argument("--glossary", help="用語集 (TOML)")
    split_command.add_argument("--templates", help="テンプレートを差し替えるフォルダ")
    split_command.add_argument("-q", "--quiet", action="store_true", help="進み具合とお知らせを表示しない")

    mail_command = commands.add_parser("mail", help="担当課ごとのファイルをメールで送る（--dry-run で .eml に書き出す）")
    add_mail_arguments(mail_command)

    roll_command = commands.add_parser("rollforward", help="今年の版から来年の下書き（Excel）を作る（R6/R7 → R7/R8）")
    sources_arguments(roll_command)
    roll_command.add_argument("-o", "--out", required=True, help="下書きの Excel ファイル (.xlsx)")
    roll_command.add_argument("--paper", choices=("a3", "a4"), default="a3", help="用紙（横置き）")
    roll_command.add_argument("-q", "--quiet", action="store_true", help="お知らせ（notice）を表示しない")

    collect_command = commands.add_parser("collect", help="担当課から戻った Excel を下書きにまとめる")
    collect_command.add_argument("returned", nargs="+", metavar="RETURNED", help="戻ったファイルまたはフォルダ")
    collect_command.add_argument("--into", required=True, help="下書き（rollforward で作った .xlsx）")
    collect_command.add_argument("-o", "--out", required=True, help="まとめた版の Excel ファイル (.xlsx)")
    collect_command.add_argument("--paper", choices=("a3", "a4"), default="a3", help="用紙（横置き）")
    collect_command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)

    diff_command = commands.add_parser("diff", help="二つの版（または下書きと回収後）の違いを表示する")
    diff_command.add_argument("old", metavar="OLD", help="前の版（ファイルまたはフォルダ）")
    diff_command.add_argument("new", metavar="NEW", help="新しい版（ファイルまたはフォルダ）")
    diff_command.add_argument("-o", "--out", help="変更報告（変更箇所に色を付けた新しい版）を書き出すフォルダ")
    diff_command.add_argument("--format", default="pdf,xlsx", help="変更報告の形式（pdf, xlsx）")
    diff_command.add_argument("--paper", choices=("a3", "a4"), default="a3", help="用紙（横置き）")
    diff_command.add_argument("--bureau", help="局名がどこにも書かれていないファイルの局名")
    diff_command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)

    check_command = commands.add_parser("check", help="表を検査し、問題を file:line 形式で表示する")
    sources_arguments(check_command)
    check_command.add_argument("-q", "--quiet", action="store_true", help="お知らせ（notice）を表示しない")
    check_command.add_argument("--lang", choices=LANGUAGES, default="ja",
                               help="en / ja+en のとき、英訳のない名前を一覧する")
    check_command.add_argument("--glossary", help="用語集 (TOML)")
    for command in commands.choices.values():  # `reportgen build … --messages en` works too
        command.add_argument("--messages", choices=MESSAGE_LANGUAGES, default=argparse.SUPPRESS,
                             help="メッセージの言語（ja, en）")
    return parser


def messages_of(args: argparse.Namespace) -> str:
    """The message language: --messages, else English for --lang en, else Japanese."""
    return getattr(args, "messages", None) or message_language(getattr(args, "lang", None))


def _say(args: argparse.Namespace, ja: str, en: str) -> str:
    return en if args.messages == "en" else ja


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _print_findings(findings, quiet: bool, lang: str = "ja") -> None:
    for finding in findings:
        if quiet and finding.severity is Severity.NOTICE:
            continue
        print(finding.text(lang), file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    if args.command == "mail":
        return run_mail(args)
    if args.command == "rollforward":
        return _rollforward(args, sources_of(args))
    if args.command == "collect":
        return _collect(args)
    if args.command == "diff":
        new = load([args.new], args.bureau)
        comparison = compare(load([args.old], args.bureau), new)
        lines = describe(comparison)
        if args.out:
            _change_report(args, new, comparison, lines)
        for line in lines:
            print(line)
        codes = [era.era_code(y) for y in comparison.years]
        print(_say(args, f"変更 {len(comparison.changes)} 件（比較した年度: {'・'.join(codes) or 'なし'}）",
                   f"{_count(len(comparison.changes), 'change')} (fiscal years compared: {', '.join(codes) or 'none'})"))
        return 0
    sources = args.sources or [DEFAULT_SOURCES]
    if args.command == "check":
        result = read(sources, args.bureau)
        findings = list(result.findings)
        if args.lang != "ja" and result.publication is not None:
            findings.extend(untranslated(result.publication, load_glossary(args.glossary)))
        _print_findings(findings, args.quiet, args.messages)
        errors = len(result.errors)
        warnings = sum(1 for f in result.findings if f.severity is Severity.WARNING)
        programs = len(result.publication.programs) if result.publication else 0
        print(_say(args, f"{programs} 事業を検査: エラー {errors} 件、警告 {warnings} 件",
                   f"checked {_count(programs, 'program')}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"))
        return 1 if errors else 0
    if args.command == "split":
        return _split(args, sources)
    formats = parse_formats(args.format)
    options = Options(paper=args.paper, subtotals=args.subtotals, font=args.font,
                      bureau=args.bureau, name=args.name, lang=args.lang, glossary=args.glossary,
                      templates=args.templates, checksums=args.checksums)
    written, result = build(sources, args.out, formats, options, before_rendering=_long_lived)
    _print_findings(result.findings, args.quiet, args.messages)
    for path in written:
        print(path)
    return 0


def _long_lived() -> None:
    """The command's process ends when the command does: what it has built before
    rendering (the model, the report) lives until then, so the garbage collector
    need not scan it again and again while the renderers allocate (a quarter of
    a large workbook's time). Only the command line does this; the Python API
    leaves the caller's collector alone."""
    gc.freeze()


def sources_of(args: argparse.Namespace) -> list[str]:
    return args.sources or [DEFAULT_SOURCES]


def _xlsx_out(path: str) -> str:
    if not path.lower().endswith(".xlsx"):
        raise ReportgenError(f"-o {path}: 出力は .xlsx のファイル名にしてください",
                             f"-o {path}: the output must be an .xlsx file name")
    return path


def _rollforward(args: argparse.Namespace, sources: list[str]) -> int:
    out = _xlsx_out(args.out)
    draft, findings = roll_forward(load(sources, args.bureau))
    _print_findings(findings, args.quiet, args.messages)
    data = render_xlsx(build_report(draft), args.paper)
    for path in write_files({out: data}):
        print(path)
    codes = '/'.join(draft.years.codes)
    print(_say(args, f"{codes} の下書き: {len(draft.programs)} 事業", f"draft for {codes}: {_count(len(draft.programs), 'program')}"))
    return 0


def _collect(args: argparse.Namespace) -> int:
    out = _xlsx_out(args.out)
    draft = load([args.into])
    collected = collect(draft, expand(args.returned))
    _print_findings(collected.findings, False, args.messages)
    if collected.publication is None:
        raise ReportgenError("回収したファイルにエラーがあるため、まとめた版は書き出していません。",
                             "The returned files have errors, so the merged edition was not written.")
    data = render_xlsx(build_report(collected.publication), args.paper)
    for path in write_files({out: data}):
        print(path)
    returned, missing = len(collected.returned), len(collected.missing)
    print(_say(args, f"回収 {returned} 課、未回収 {missing} 課",
               f"returned: {_count(returned, 'division')}, not yet returned: {missing}"))
    return 0


def _change_report(args: argparse.Namespace, new, comparison, lines: list[str]) -> None:
    """The new edition with the changed cells highlighted, opened by the list of changes."""
    formats = tuple(parse_formats(args.format))
    if set(formats) - {"pdf", "xlsx"}:
        raise ReportgenError("--format: 変更報告は pdf と xlsx で作れます",
                             "--format: a change report can be made as pdf and xlsx")
    report = build_report(new, highlights=highlights(comparison), change_list=tuple(lines))
    codes = "-".join(new.years.codes)
    files = {os.path.join(args.out, f"変更報告_{codes}.{fmt}"):
             render_pdf(report, args.paper) if fmt == "pdf" else render_xlsx(report, args.paper)
             for fmt in formats}
    for path in write_files(files):
        print(path)


def _split(args: argparse.Namespace, sources: list[str]) -> int:
    formats = tuple(parse_formats(args.format))
    check_split_formats(formats)
    result = read(sources, args.bureau)
    if result.errors or result.publication is None:
        raise ReportgenError(result.errors)
    _print_findings(result.findings, args.quiet, args.messages)
    options = Options(paper=args.paper, subtotals=args.subtotals, font=args.font, bureau=args.bureau,
                      lang=args.lang, glossary=args.glossary, templates=args.templates, protect_inputs=True)
    _long_lived()  # the model, and so every forked worker's copy of it
    console = Console(args.messages or "ja", args.quiet)
    written = split(result.publication, args.out, formats, options, progress=console.progress("split.progress"))
    for path in written:
        print(path)
    return 0


def _require_defusedxml() -> None:
    """Workbooks from outside are parsed safely only when openpyxl finds defusedxml."""
    import openpyxl
    if not openpyxl.DEFUSEDXML:
        raise ReportgenError("defusedxml がないため、外から来た Excel ファイルを安全に読めません"
                             "（pip install defusedxml）",
                             "defusedxml is missing, so workbooks from outside cannot be read safely "
                             "(pip install defusedxml)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.messages = messages_of(args)
    try:
        _require_defusedxml()
        return _run(args)
    except ReportgenError as exc:
        if getattr(args, "debug", False):
            traceback.print_exc()
        print(exc.text(args.messages) or _say(args, "エラー", "error"), file=sys.stderr)
        print(_say(args, "エラーのため、ファイルは何も書き出していません。",
                   "Nothing was written because of the errors."), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_say(args, "中断しました。ファイルは書き換えていません。",
                   "Interrupted. No files were changed."), file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        if getattr(args, "debug", False):
            traceback.print_exc()
        else:
            print(_say(args, f"reportgen の内部エラー: {type(exc).__name__}: {exc}（--debug で詳細を表示します）",
                       f"reportgen internal error: {type(exc).__name__}: {exc} (--debug shows the details)"),
                  file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
