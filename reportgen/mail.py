"""`reportgen mail OUT`: email each division (担当課) its own sheets from a split folder.

OUT/manifest.json (written by `reportgen split`) lists each division's files,
programs and totals; the address book maps each division to one mailbox. Every
problem (manifest, address book, options, templates, unsafe header values) is
listed before anything is sent or written. `--dry-run` writes the messages as
.eml files to OUT/outbox/; a real run sends them over SMTP and records each
delivered Message-ID in OUT/outbox/sent.json right after its delivery, so a
later run never sends a division twice (unless --resend).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import smtplib
import ssl
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import PurePosixPath, PureWindowsPath

from . import era
from .address_book import Recipient, header_problem, parse_mailbox, read_address_book
from .amounts import format_amount
from .findings import Finding, ReportgenError, Severity, errors_in
from .model import Location
from .output import write_files
from .templating import render

PASSWORD_ENV = "REPORTGEN_SMTP_PASSWORD"
SUBJECT_TEMPLATE, BODY_TEMPLATE = "mail_subject.txt.j2", "mail_body.txt.j2"
MIME_TYPES = {"xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              "pdf": ("application", "pdf")}
NO_SENDER_DOMAIN = "reportgen.invalid"  # Message-ID domain of a dry run without --from
TIMEOUT = 60  # seconds per SMTP operation
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


@dataclass(frozen=True)
class Entry:
    """One division's part of the manifest."""

    bureau: str
    division: str
    attachments: tuple[tuple[str, str], ...]  # (kind, path inside OUT)
    programs: tuple[tuple[int, str], ...]
    totals: tuple[int | None, ...]


@dataclass(frozen=True)
class Mail:
    entry: Entry
    recipient: Recipient
    key: str  # stable per (edition years, bureau, division)
    message: EmailMessage


def _error(where: str, field: str, message: str) -> Finding:
    return Finding(Severity.ERROR, Location(where), message, field)


# ---------------------------------------------------------------- manifest
def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError(f"キー {sorted({k for k in keys if keys.count(k) > 1})} が重複しています")
    return dict(pairs)


def _load_json(path: str, hint: str):
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read().decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except OSError as exc:
        raise ReportgenError(_error(path, "manifest", f"読めません: {exc.strerror}{hint}")) from None
    except UnicodeDecodeError as exc:
        raise ReportgenError(_error(path, "encoding", f"UTF-8 として不正なバイト (offset {exc.start})")) from None
    except json.JSONDecodeError as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(path, exc.lineno), f"JSON として読めません: {exc.msg}",
                                     "manifest")) from None
    except ValueError as exc:
        raise ReportgenError(_error(path, "manifest", str(exc))) from None


def read_manifest(out: str) -> tuple[dict, list[Entry], list[Finding]]:
    """The edition ({title, years, codes}), the valid entries, and every problem found."""
    path = os.path.join(out, "manifest.json")
    data = _load_json(path, "（先に reportgen split を実行してください）")
    if not isinstance(data, dict):
        raise ReportgenError(_error(path, "manifest", "JSON のオブジェクトではありません"))
    title, years, files = data.get("title"), data.get("years"), data.get("files")
    fatal = []
    if not isinstance(title, str) or not title.strip():
        fatal.append(_error(path, "title", "表題 (文字列) がありません"))
    if not (isinstance(years, list) and len(years) == 2 and all(_is_int(y) and y >= 1926 for y in years)):
        fatal.append(_error(path, "years", "年度は西暦の整数 2 つ ([2024, 2025] など) です"))
    elif "codes" in data and data["codes"] != [era.era_code(y) for y in years]:
        fatal.append(_error(path, "codes", f"{data['codes']} が years {years} と合いません"))
    if not isinstance(files, list):
        fatal.append(_error(path, "files", "担当課ごとのファイルの一覧 (配列) がありません"))
    if fatal:
        raise ReportgenError(fatal)
    findings: list[Finding] = []
    entries: list[Entry] = []
    for i, item in enumerate(files):
        entry, problems = _read_entry(out, path, f"files[{i}]", item)
        if entry is not None and any((e.bureau, e.division) == (entry.bureau, entry.division) for e in entries):
            problems.append(_error(path, f"files[{i}].division", f"{entry.bureau} {entry.division} が重複しています"))
        findings += problems
        if not problems:
            entries.append(entry)
    edition = {"title": title, "years": list(years), "codes": [era.era_code(y) for y in years]}
    return edition, entries, findings


def _read_entry(out: str, path: str, where: str, item) -> tuple[Entry | None, list[Finding]]:
    if not isinstance(item, dict):
        return None, [_error(path, where, "オブジェクトではありません")]
    problems: list[Finding] = []
    for field in ("bureau", "division"):
        value = item.get(field)
        if not isinstance(value, str) or not value.strip():
            problems.append(_error(path, f"{where}.{field}", "名前がありません"))
        elif header_problem(value):
            problems.append(_error(path, f"{where}.{field}", f"{value!r}: {header_problem(value)}"))
    programs = item.get("programs")
    if not (isinstance(programs, list) and all(
            isinstance(p, dict) and _is_int(p.get("number")) and isinstance(p.get("name"), str) for p in programs)):
        problems.append(_error(path, f"{where}.programs", '事業の一覧は {"number": 整数, "name": 文字列} の配列です'))
    totals = item.get("totals")
    if not (isinstance(totals, list) and len(totals) == 2 and all(t is None or _is_int(t) for t in totals)):
        problems.append(_error(path, f"{where}.totals", "合計は年度ごとの整数 (千円) または null の 2 つです"))
    attachments = []
    for kind in MIME_TYPES:
        name = item.get(kind)
        problem = None if name is None else _attachment_problem(out, name, kind)
        if problem:
            problems.append(_error(path, f"{where}.{kind}", f"「{name}」: {problem}"))
        elif name is not None:
            attachments.append((kind, name))
    if all(item.get(kind) is None for kind in MIME_TYPES):
        problems.append(_error(path, where, "添付するファイル (xlsx, pdf) がありません"))
    if problems:
        return None, problems
    return Entry(item["bureau"], item["division"], tuple(attachments),
                 tuple((p["number"], p["name"]) for p in programs), tuple(totals)), []


def _attachment_problem(out: str, name, kind: str) -> str | None:
    if not isinstance(name, str) or not name:
        return "ファイル名 (文字列) ではありません"
    if ("\\" in name or PurePosixPath(name).is_absolute() or PureWindowsPath(name).anchor
            or ".." in PurePosixPath(name).parts):
        return "OUT の中の相対パスではありません（絶対パス・../ は使えません）"
    if not name.lower().endswith(f".{kind}"):
        return f"拡張子が .{kind} ではありません"
    if header_problem(os.path.basename(name)):
        return header_problem(os.path.basename(name))
    root = os.path.realpath(out)
    target = os.path.realpath(os.path.join(out, name))
    if os.path.commonpath([root, target]) != root:
        return "OUT の外を指しています（シンボリックリンク）"
    if not os.path.isfile(target):
        return "ファイルがありません"
    return None


# ---------------------------------------------------------------- messages
def message_key(years, bureau: str, division: str) -> str:
    """Stable per edition and division: the same division of the same edition, the same key."""
    text = json.dumps([list(years), bureau, division], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def template_context(edition: dict, entry: Entry, deadline: str | None) -> dict:
    years = edition["years"]
    return {
        "title": edition["title"], "years": years, "codes": edition["codes"],
        "era_names": [era.era_name(y) for y in years],
        "fiscal_years": [era.era_name_with_western(y) for y in years],
        "bureau": entry.bureau, "division": entry.division,
        "programs": [{"number": n, "name": name} for n, name in entry.programs],
        "totals": [{"year": y, "code": era.era_code(y), "era_name": era.era_name(y), "amount": t,
                    "text": "—" if t is None else f"{format_amount(t)} 千円"} for y, t in zip(years, entry.totals)],
        "attachments": [os.path.basename(name) for _, name in entry.attachments],
        "has_workbook": any(kind == "xlsx" for kind, _ in entry.attachments),
        "deadline": deadline,
    }


def build_mail(out: str, edition: dict, entry: Entry, recipient: Recipient, sender: Address | None,
               templates: str | None, deadline: str | None) -> Mail:
    context = template_context(edition, entry, deadline)
    subject = render(SUBJECT_TEMPLATE, templates, **context).strip()
    problem = "件名が空です" if not subject else header_problem(subject)
    if problem:
        raise ReportgenError(_error(SUBJECT_TEMPLATE, "subject", f"{entry.bureau} {entry.division} の件名 {subject!r}: {problem}"))
    body = render(BODY_TEMPLATE, templates, **context)
    key = message_key(edition["years"], entry.bureau, entry.division)
    message = EmailMessage(policy=policy.SMTP)
    if sender is not None:
        message["From"] = sender
    message["To"] = recipient.to
    if recipient.cc:
        message["Cc"] = recipient.cc
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = f"<reportgen.{key}@{sender.domain if sender else NO_SENDER_DOMAIN}>"
    message.set_content(body)
    for kind, name in entry.attachments:
        with open(os.path.join(out, name), "rb") as handle:
            data = handle.read()
        message.add_attachment(data, *MIME_TYPES[kind], filename=os.path.basename(name))
    return Mail(entry, recipient, key, message)


def _safe_part(text: str) -> str:
    name = _NOT_IN_FILE_NAMES.sub("_", text).strip(" .")
    while len(name.encode("utf-8")) > 100:
        name = name[:-1].rstrip(" .")
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = "_" + name
    return name or "_"


def eml_names(mails: list[Mail]) -> list[str]:
    """One safe, distinct file name per message (a hash suffix where two names would clash)."""
    stems = [f"{_safe_part(m.entry.bureau)}_{_safe_part(m.entry.division)}" for m in mails]
    folded = [s.casefold() for s in stems]
    names = [f"{stem}_{m.key[:8]}.eml" if folded.count(stem.casefold()) > 1 else f"{stem}.eml"
             for stem, m in zip(stems, mails)]
    if len({n.casefold() for n in names}) != len(names):  # a suffixed name met a division's own name
        names = [f"{stem}_{m.key[:8]}.eml" for stem, m in zip(stems, mails)]
    return names


# ---------------------------------------------------------------- send log
def read_log(path: str) -> tuple[list[dict], list[Finding]]:
    if not os.path.exists(path):
        return [], []
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read().decode("utf-8"))
        entries = data["sent"]
        if not (isinstance(entries, list) and all(isinstance(e, dict) and isinstance(e.get("key"), str) for e in entries)):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        return [], [_error(path, "sent", "送信記録を読めません（壊れています）。内容を確かめてから直すか消してください")]
    return entries, []


def record_sent(path: str, log: list[dict], mail: Mail) -> None:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    old = next((e for e in log if e["key"] == mail.key), None)
    if old is None:
        old = {"key": mail.key}
        log.append(old)
    old.update({"message_id": str(mail.message["Message-ID"]), "bureau": mail.entry.bureau, "division": mail.entry.division,
                "to": mail.recipient.to.addr_spec, "cc": [a.addr_spec for a in mail.recipient.cc],
                "sent_at": [*old.get("sent_at", []), now]})
    text = json.dumps({"format": "reportgen-sent-log/1", "sent": log}, ensure_ascii=False, indent=1)
    write_files({path: (text + "\n").encode("utf-8")})


# ---------------------------------------------------------------- command line
def add_mail_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help="reportgen split の出力フォルダ（manifest.json のあるフォルダ）")
    parser.add_argument("--addresses", required=True, metavar="FILE", help="宛先表 CSV（局, 担当課, email, cc）")
    parser.add_argument("--smtp", default="localhost:25", metavar="HOST:PORT", help="SMTP サーバー（既定: localhost:25）")
    parser.add_argument("--starttls", action="store_true", help="STARTTLS で暗号化し、サーバー証明書を検証する")
    parser.add_argument("--cafile", metavar="FILE", help="サーバー証明書を検証する CA 証明書 (PEM)")
    parser.add_argument("--user", metavar="NAME", help=f"SMTP 認証のユーザー名（パスワードは環境変数 {PASSWORD_ENV}）")
    parser.add_argument("--from", dest="sender", metavar="ADDR", help="差出人（送信には必須）")
    parser.add_argument("--deadline", metavar="TEXT", help="本文に書く回答期限（例: 令和6年5月31日（金））")
    parser.add_argument("--dry-run", action="store_true", help="送信せず、OUT/outbox/ に .eml として書き出す")
    parser.add_argument("--templates", metavar="DIR", help="件名・本文のテンプレートを置き換えるフォルダ")
    parser.add_argument("--resend", action="store_true", help="送信済みの担当課にも送り直す")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="内部エラーの traceback を表示する")


def _options(args) -> tuple[Address | None, tuple[str, int], ssl.SSLContext | None, str | None, list[Finding]]:
    problems: list[Finding] = []
    sender = context = password = None
    if args.sender is not None:
        try:
            sender = parse_mailbox(args.sender)
        except ValueError as exc:
            problems.append(_error("--from", "from", f"「{args.sender}」: {exc}"))
    match = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]\s]+)(?::([0-9]{1,5}))?", args.smtp)
    address = (match[1].strip("[]"), int(match[2] or 25)) if match else ("", 0)
    if not 0 < address[1] < 65536:
        problems.append(_error("--smtp", "smtp", f"「{args.smtp}」は HOST:PORT ではありません"))
    if args.dry_run:
        return sender, address, None, None, problems
    if args.sender is None:
        problems.append(_error("--from", "from", "送信には差出人 --from ADDR が必要です"))
    if (args.cafile or args.user) and not args.starttls:
        problems.append(_error("--starttls", "starttls", "--cafile・--user は --starttls と一緒に使います（平文で認証しません）"))
    if args.starttls:
        try:
            context = ssl.create_default_context(cafile=args.cafile)
        except (OSError, ssl.SSLError) as exc:
            problems.append(_error(args.cafile or "--cafile", "cafile", f"CA 証明書を読めません: {exc}"))
    if args.user is not None:
        password = os.environ.get(PASSWORD_ENV)
        if not password:
            problems.append(_error(PASSWORD_ENV, "user", f"--user にはパスワードを環境変数 {PASSWORD_ENV} で渡してください"))
    return sender, address, context, password, problems


def run_mail(args: argparse.Namespace) -> int:
    out = args.out
    edition, entries, findings = read_manifest(out)
    book = read_address_book(args.addresses)
    findings += [*book.findings, *book.match([(e.bureau, e.division) for e in entries])]
    sender, address, context, password, problems = _options(args)
    findings += problems
    outbox = os.path.join(out, "outbox")
    if os.path.commonpath([os.path.realpath(out), os.path.realpath(outbox)]) != os.path.realpath(out):
        findings.append(_error(outbox, "outbox", "OUT の外を指しています（シンボリックリンク）"))
    log_path = os.path.join(outbox, "sent.json")
    log, problems = read_log(log_path)
    findings += problems
    mails: list[Mail] = []
    for entry in entries:
        recipient = book.recipients.get((entry.bureau, entry.division))
        if recipient is not None:
            try:
                mails.append(build_mail(out, edition, entry, recipient, sender, args.templates, args.deadline))
            except ReportgenError as exc:
                findings += exc.findings or [_error(out, "mail", str(exc))]
    for finding in findings:
        if finding.severity is not Severity.ERROR:
            print(finding, file=sys.stderr)
    if errors_in(findings):
        raise ReportgenError(errors_in(findings))
    done = {e["key"]: e for e in log}
    pending = []
    for mail in mails:
        if mail.key in done and not args.resend:
            print(f"skipped: {mail.entry.bureau} {mail.entry.division}（送信済み {done[mail.key].get('message_id', '')}、"
                  "送り直すには --resend）")
        else:
            pending.append(mail)
    skipped = len(mails) - len(pending)
    if args.dry_run:
        paths = [os.path.join(outbox, name) for name in eml_names(pending)]
        write_files({p: m.message.as_bytes(policy=policy.SMTP) for p, m in zip(paths, pending)})
        for path, mail in zip(paths, pending):
            print(f"written: {path}（{mail.entry.bureau} {mail.entry.division} → {mail.recipient.to}）")
        print(f"書き出し {len(pending)} 件、送信済みのためスキップ {skipped} 件（送信はしていません）")
        return 0
    return _deliver(pending, skipped, sender, address, context, args.user, password, log_path, log)


def _connect(address: tuple[str, int], context: ssl.SSLContext | None, user: str | None,
             password: str | None) -> smtplib.SMTP:
    """An SMTP session, upgraded to verified TLS and authenticated when asked; ReportgenError otherwise."""
    server = f"{address[0]}:{address[1]}"
    try:
        smtp = smtplib.SMTP(address[0], address[1], timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise ReportgenError(_error(server, "smtp", f"SMTP サーバーに接続できません: {exc}")) from None
    try:
        if context is not None:
            smtp.starttls(context=context)
        if user is not None:
            smtp.login(user, password)
        return smtp
    except ssl.SSLCertVerificationError as exc:
        problem = ("starttls", "サーバー証明書を検証できません (certificate not trusted): "
                               f"{exc.verify_message}。--cafile で CA 証明書を指定してください")
    except smtplib.SMTPNotSupportedError as exc:
        problem = ("smtp", f"サーバーが対応していません: {exc}")
    except smtplib.SMTPAuthenticationError as exc:
        problem = ("user", f"SMTP 認証に失敗しました: {exc.smtp_code} {exc.smtp_error.decode('utf-8', 'replace')}")
    except (OSError, smtplib.SMTPException) as exc:
        problem = ("smtp", f"SMTP の接続に失敗しました: {exc}")
    smtp.close()
    raise ReportgenError(_error(server, *problem))


def _refusal(mail: Mail, refused: dict) -> str:
    reasons = "、".join(f"{to or '(メッセージ)'} ({code} {text.decode('utf-8', 'replace')})"
                       for to, (code, text) in refused.items())
    delivered = sorted(set(mail.recipient.envelope) - set(refused)) if "" not in refused else []
    note = (f"（{', '.join(delivered)} には届いている可能性があります。送り直すと同じ Message-ID で届きます）"
            if delivered else "")
    return f"サーバーが受け付けませんでした: {reasons}{note}"


def _deliver(pending: list[Mail], skipped: int, sender: Address, address: tuple[str, int], context,
             user: str | None, password: str | None, log_path: str, log: list[dict]) -> int:
    """Send each message; log each delivery at once; one line per division and a summary."""
    sent = failed = 0
    smtp = _connect(address, context, user, password) if pending else None
    try:
        for index, mail in enumerate(pending):
            name = f"{mail.entry.bureau} {mail.entry.division}"
            try:
                refused = smtp.send_message(mail.message, from_addr=sender.addr_spec, to_addrs=mail.recipient.envelope)
            except smtplib.SMTPRecipientsRefused as exc:
                refused = exc.recipients
            except smtplib.SMTPResponseException as exc:  # MAIL FROM or DATA refused: this message only
                refused = {"": (exc.smtp_code, exc.smtp_error)}
            except (OSError, smtplib.SMTPException) as exc:
                print(f"failed: {name}: 送信中に接続が切れました: {exc}", file=sys.stderr)
                _not_sent(pending[index + 1:])
                failed += len(pending) - index
                break
            if refused:
                print(f"failed: {name}: {_refusal(mail, refused)}", file=sys.stderr)
                failed += 1
                continue
            try:
                record_sent(log_path, log, mail)
            except OSError as exc:
                print(f"failed: {name}: 送信しましたが、送信記録 {log_path} を書けません: {exc}", file=sys.stderr)
                _not_sent(pending[index + 1:])
                failed += len(pending) - index
                break
            sent += 1
            cc = f"（cc: {', '.join(str(a) for a in mail.recipient.cc)}）" if mail.recipient.cc else ""
            print(f"sent: {name} → {mail.recipient.to}{cc}")
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    print(f"送信 {sent} 件、送信済みのためスキップ {skipped} 件、失敗・未送信 {failed} 件")
    return 1 if failed else 0


def _not_sent(mails: list[Mail]) -> None:
    for mail in mails:
        print(f"failed: {mail.entry.bureau} {mail.entry.division}: 未送信（前の送信で止まりました。再実行すると送ります）",
              file=sys.stderr)
