"""`reportgen mail OUT`: email each division (担当課) its own sheets from a split folder.

OUT/manifest.json (reportgen.manifest) lists each division's files; the address
book maps each division to one mailbox. Every problem (manifest, address book,
options, --resend names, templates, header values, the send log) is listed
before anything is sent or written. `--dry-run` writes .eml files to OUT/outbox/.
A real run logs each delivery attempt (sent, refused or failed) as one line of
OUT/mail-log.jsonl; a re-run sends only the divisions whose latest attempt for
this edition is not `sent`, and `--resend 局/担当課` one again (same Message-ID).
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
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

import reportgen.model.era as era
from reportgen.delivery.address_book import (
    Recipient,
    header_problem,
    parse_mailbox,
    read_address_book,
)
from reportgen.delivery.file_names import inside, unique_stems
from reportgen.delivery.manifest import (
    MIME_TYPES,
    Entry,
    Manifest,
    read_manifest,
    select,
)
from reportgen.delivery.output import write_files
from reportgen.delivery.send_log import SendLog, sending
from reportgen.model.amounts import format_amount
from reportgen.model.findings import (
    Finding,
    ReportgenError,
    Severity,
    Text,
    english,
    errors_in,
    message_language,
)
from reportgen.model.publication import Location
from reportgen.report.templating import render

PASSWORD_ENV = "REPORTGEN_SMTP_PASSWORD"
SUBJECT_TEMPLATE, BODY_TEMPLATE = "mail_subject.txt.j2", "mail_body.txt.j2"
NO_SENDER_DOMAIN = "reportgen.invalid"  # Message-ID domain of a dry run without --from
TIMEOUT = 60  # seconds per SMTP operation
LOG_NAME, OUTBOX = "mail-log.jsonl", "outbox"


@dataclass(frozen=True)
class Mail:
    entry: Entry
    recipient: Recipient
    key: str  # stable per (edition years, bureau, division)
    message: EmailMessage
    digests: dict[str, str]  # attachment file name -> sha256 of the bytes attached


def _error(where: str, field: str, message: str, en: str) -> Finding:
    return Finding(Severity.ERROR, Location(where), message, field, en)


def _say(lang: str, ja: str, en: str) -> str:
    """A printed line in the message language."""
    return en if lang == "en" else ja


# ---------------------------------------------------------------- messages
def message_key(years, bureau: str, division: str) -> str:
    """Stable per edition and division: the same division of the same edition, the same key."""
    text = json.dumps([list(years), bureau, division], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def template_context(manifest: Manifest, entry: Entry, deadline: str | None) -> dict:
    years = manifest.years
    return {
        "title": manifest.title, "years": list(years), "codes": list(manifest.codes),
        "era_names": [era.era_name(y) for y in years],
        "fiscal_years": [era.era_name_with_western(y) for y in years],
        "bureau": entry.bureau, "division": entry.division,
        "programs": [{"number": n, "name": name} for n, name in entry.programs],
        "totals": [{"year": y, "code": era.era_code(y), "era_name": era.era_name(y), "amount": t,
                    "text": "—" if t is None else f"{format_amount(t)} 千円"} for y, t in zip(years, entry.totals)],
        "attachments": [name for _, name in entry.attachments],
        "has_workbook": any(kind == "xlsx" for kind, _ in entry.attachments),
        "deadline": deadline,
    }


def build_mail(out: str, manifest: Manifest, entry: Entry, recipient: Recipient, sender: Address | None,
               templates: str | None, deadline: str | None) -> Mail:
    context = template_context(manifest, entry, deadline)
    subject = render(SUBJECT_TEMPLATE, templates, **context).strip()
    problem = Text("件名が空です", "the subject is empty") if not subject else header_problem(subject)
    if problem:
        raise ReportgenError(_error(SUBJECT_TEMPLATE, "subject", f"{entry.bureau} {entry.division} の件名 {subject!r}: {problem}",
                                    f"subject {subject!r} for {entry.bureau} {entry.division}: {english(problem)}"))
    body = render(BODY_TEMPLATE, templates, **context)
    key = message_key(manifest.years, entry.bureau, entry.division)
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
    digests = {}
    for kind, name in entry.attachments:
        with open(os.path.join(out, name), "rb") as handle:
            data = handle.read()
        message.add_attachment(data, *MIME_TYPES[kind], filename=name)
        digests[name] = hashlib.sha256(data).hexdigest()
    return Mail(entry, recipient, key, message, digests)


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
    parser.add_argument("--resend", action="append", default=[], metavar="DIVISION",
                        help="送信済みでもこの担当課に送り直す（局/担当課、または他の局にない 担当課。繰り返し指定可）")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="内部エラーの traceback を表示する")


def _options(args) -> tuple[Address | None, tuple[str, int], ssl.SSLContext | None, str | None, list[Finding]]:
    problems: list[Finding] = []
    sender = context = password = None
    if args.sender is not None:
        try:
            sender = parse_mailbox(args.sender)
        except ValueError as exc:
            problems.append(_error("--from", "from", f"「{args.sender}」: {exc}", f'"{args.sender}": {english(exc)}'))
    match = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]\s]+)(?::([0-9]{1,5}))?", args.smtp)
    address = (match[1].strip("[]"), int(match[2] or 25)) if match else ("", 0)
    if not 0 < address[1] < 65536:
        problems.append(_error("--smtp", "smtp", f"「{args.smtp}」は HOST:PORT ではありません",
                               f'"{args.smtp}" is not HOST:PORT'))
    if args.dry_run:
        return sender, address, None, None, problems
    if args.sender is None:
        problems.append(_error("--from", "from", "送信には差出人 --from ADDR が必要です",
                               "sending needs a sender: --from ADDR"))
    if (args.cafile or args.user) and not args.starttls:
        problems.append(_error("--starttls", "starttls", "--cafile・--user は --starttls と一緒に使います（平文で認証しません）",
                               "--cafile and --user need --starttls (no login over plain text)"))
    if args.starttls:
        try:
            context = ssl.create_default_context(cafile=args.cafile)
        except (OSError, ssl.SSLError) as exc:
            problems.append(_error(args.cafile or "--cafile", "cafile", f"CA 証明書を読めません: {exc}",
                                   f"cannot read the CA certificate: {exc}"))
    if args.user is not None:
        password = os.environ.get(PASSWORD_ENV)
        if not password:
            problems.append(_error(PASSWORD_ENV, "user", f"--user にはパスワードを環境変数 {PASSWORD_ENV} で渡してください",
                                   f"with --user, give the password in the environment variable {PASSWORD_ENV}"))
    return sender, address, context, password, problems


def _inside(folder: str, name: str, findings: list[Finding], label: str = "OUT") -> str | None:
    """folder/name, or None (and an error) when a symbolic link takes it out of the folder."""
    try:
        inside(folder, name)
    except ValueError:
        findings.append(_error(os.path.join(folder, name), name, f"{label} の外を指しています（シンボリックリンク）",
                               f"points outside {label} (a symbolic link)"))
        return None
    return os.path.join(folder, name)


def run_mail(args: argparse.Namespace) -> int:
    if args.dry_run or not os.path.isdir(args.out) or not os.access(args.out, os.W_OK):
        return _run_mail(args)  # nothing is sent (the problems with OUT are reported there)
    with sending(args.out):
        return _run_mail(args)


def _run_mail(args: argparse.Namespace) -> int:
    lang = message_language(getattr(args, "messages", None))
    out = args.out
    manifest = read_manifest(out)
    findings = list(manifest.findings)
    book = read_address_book(args.addresses)
    findings += [*book.findings, *book.match([(e.bureau, e.division) for e in manifest.entries])]
    sender, address, context, password, problems = _options(args)
    resend, unknown = select(manifest.entries, args.resend)
    findings += problems + unknown
    outbox = _inside(out, OUTBOX, findings)
    log_path = _inside(out, LOG_NAME, findings)
    log = SendLog(log_path or os.path.join(out, LOG_NAME))
    findings += log.read() if log_path else []
    if not args.dry_run and not os.access(out, os.W_OK):  # else the first message would go out unrecorded
        findings.append(_error(out, "mail-log", f"OUT に書き込めないため、送信記録 {LOG_NAME} を残せません",
                               f"OUT is not writable, so the send log {LOG_NAME} cannot be kept"))
    mails: list[Mail] = []
    for entry in manifest.entries:
        recipient = book.recipients.get((entry.bureau, entry.division))
        if recipient is not None:
            try:
                mails.append(build_mail(out, manifest, entry, recipient, sender, args.templates, args.deadline))
            except ReportgenError as exc:
                findings += exc.findings or [_error(out, "mail", exc.message_ja, exc.message_en)]
    stems = unique_stems([f"{m.entry.bureau}_{m.entry.division}" for m in mails])  # as split names the files
    eml = ({m.key: _inside(outbox, f"{stem}.eml", findings, "OUT/outbox") for m, stem in zip(mails, stems)}
           if args.dry_run and outbox else {})
    for finding in findings:
        if finding.severity is not Severity.ERROR:
            print(finding.text(lang), file=sys.stderr)
    if errors_in(findings):
        raise ReportgenError(errors_in(findings))
    pending = []
    for mail in mails:
        last = log.last(mail, manifest.years)
        if last is None or last["status"] != "sent" or mail.entry in resend:
            pending.append(mail)
            continue
        changed = last.get("attachments", mail.digests) != mail.digests
        name, sent_at, message_id = f"{mail.entry.bureau} {mail.entry.division}", last.get("time", ""), last.get("message_id", "")
        print(_say(lang, f"skipped: {name}（送信済み {sent_at} {message_id}"
                         f"{'。送信後に添付ファイルが変わっています' if changed else ''}。送り直すには --resend {mail.entry.name}）",
                   f"skipped: {name} (sent {sent_at} {message_id}"
                   f"{'; the attachments have changed since' if changed else ''}; to send again: --resend {mail.entry.name})"))
    skipped = len(mails) - len(pending)
    if args.dry_run:
        paths = [eml[m.key] for m in pending]
        write_files({p: m.message.as_bytes(policy=policy.SMTP) for p, m in zip(paths, pending)})
        for path, mail in zip(paths, pending):
            print(_say(lang, f"written: {path}（{mail.entry.bureau} {mail.entry.division} → {mail.recipient.to}）",
                       f"written: {path} ({mail.entry.bureau} {mail.entry.division} → {mail.recipient.to})"))
        print(_say(lang, f"書き出し {len(pending)} 件、送信済みのためスキップ {skipped} 件（送信はしていません）",
                   f"written {len(pending)}, skipped {skipped} already sent (nothing was sent)"))
        return 0
    return _deliver(pending, skipped, manifest.years, sender, address, context, args.user, password, log, lang)


# ---------------------------------------------------------------- delivery
def _connect(address: tuple[str, int], context: ssl.SSLContext | None, user: str | None,
             password: str | None) -> smtplib.SMTP:
    """An SMTP session, upgraded to verified TLS and authenticated when asked; ReportgenError otherwise."""
    server = f"{address[0]}:{address[1]}"
    try:
        smtp = smtplib.SMTP(address[0], address[1], timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise ReportgenError(_error(server, "smtp", f"SMTP サーバーに接続できません: {exc}",
                                    f"cannot connect to the SMTP server: {exc}")) from None
    try:
        if context is not None:
            smtp.starttls(context=context)
        if user is not None:
            smtp.login(user, password)
        return smtp
    except ssl.SSLCertVerificationError as exc:
        problem = ("starttls", "サーバー証明書を検証できません (certificate not trusted): "
                               f"{exc.verify_message}。--cafile で CA 証明書を指定してください",
                   f"cannot verify the server certificate (certificate not trusted): {exc.verify_message}; "
                   "give the CA certificate with --cafile")
    except smtplib.SMTPNotSupportedError as exc:
        problem = ("smtp", f"サーバーが対応していません: {exc}", f"the server does not support this: {exc}")
    except smtplib.SMTPAuthenticationError as exc:
        reply = f"{exc.smtp_code} {exc.smtp_error.decode('utf-8', 'replace')}"
        problem = ("user", f"SMTP 認証に失敗しました: {reply}", f"SMTP login failed: {reply}")
    except (OSError, smtplib.SMTPException) as exc:
        problem = ("smtp", f"SMTP の接続に失敗しました: {exc}", f"the SMTP connection failed: {exc}")
    smtp.close()
    raise ReportgenError(_error(server, *problem))


def _send(smtp: smtplib.SMTP, sender: Address, mail: Mail) -> tuple[str, dict]:
    """One attempt: ("sent", {}), ("refused", {"refused": {address: reply}} or {"error": reply}),
    or ("failed", {"error": text}) when the connection broke and delivery is unknown."""
    def reply(code: int, text: bytes) -> str:
        return f"{code} {text.decode('utf-8', 'replace')}"
    try:
        refused = smtp.send_message(mail.message, from_addr=sender.addr_spec, to_addrs=mail.recipient.envelope)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except smtplib.SMTPResponseException as exc:  # MAIL FROM or DATA refused: this message only
        return "refused", {"error": reply(exc.smtp_code, exc.smtp_error)}
    except (OSError, smtplib.SMTPException) as exc:
        return "failed", {"error": str(exc) or type(exc).__name__}
    if refused:  # send_message returns the refused recipients without raising when others were accepted
        return "refused", {"refused": {to: reply(*answer) for to, answer in refused.items()}}
    return "sent", {}


def _describe(mail: Mail, status: str, detail: dict, lang: str = "ja") -> str:
    name = f"{mail.entry.bureau} {mail.entry.division}"
    if status == "sent":
        cc = ", ".join(str(a) for a in mail.recipient.cc)
        return _say(lang, f"sent: {name} → {mail.recipient.to}{f'（cc: {cc}）' if cc else ''}",
                    f"sent: {name} → {mail.recipient.to}{f' (cc: {cc})' if cc else ''}")
    if status == "failed":
        return _say(lang, f"failed: {name}: 送信中に接続が切れました: {detail['error']}（届いたかどうか分かりません。再実行すると送ります）",
                    f"failed: {name}: the connection broke while sending: {detail['error']} "
                    "(it is unknown whether the message arrived; a re-run sends it)")
    if "error" in detail:
        return _say(lang, f"failed: {name}: サーバーが受け付けませんでした: (メッセージ) ({detail['error']})",
                    f"failed: {name}: the server refused the message ({detail['error']})")
    refused = detail["refused"].items()
    reasons = "、".join(f"{to} ({answer})" for to, answer in refused)
    delivered = [to for to in mail.recipient.envelope if to not in detail["refused"]]
    note = (f"（{', '.join(delivered)} には届いている可能性があります。送り直すと同じ Message-ID で届きます）"
            if delivered else "")
    note_en = (f" ({', '.join(delivered)} may have received it; sending again uses the same Message-ID)"
               if delivered else "")
    return _say(lang, f"failed: {name}: サーバーが受け付けませんでした: {reasons}{note}",
                f"failed: {name}: the server refused: {', '.join(f'{to} ({answer})' for to, answer in refused)}{note_en}")


def _deliver(pending: list[Mail], skipped: int, years, sender: Address, address: tuple[str, int], context,
             user: str | None, password: str | None, log: SendLog, lang: str = "ja") -> int:
    """Send each message and log the attempt at once; stop when the connection breaks or the
    log cannot be written. One line per division and a summary."""
    sent = attempted = 0
    unlogged = False
    smtp = _connect(address, context, user, password) if pending else None
    try:
        for mail in pending:
            attempted += 1
            status, detail = _send(smtp, sender, mail)
            sent += status == "sent"
            print(_describe(mail, status, detail, lang), file=sys.stdout if status == "sent" else sys.stderr)
            try:
                log.append(mail, years, status, detail)
            except OSError as exc:
                unlogged = True
                print(_say(lang, f"failed: {mail.entry.bureau} {mail.entry.division}: 送信記録 {log.path} を書けません: {exc}"
                                 "（この結果は記録されていません。ここで止めます）",
                           f"failed: {mail.entry.bureau} {mail.entry.division}: cannot write the send log {log.path}: "
                           f"{exc} (this result is not recorded; stopping here)"), file=sys.stderr)
            if status == "failed" or unlogged:
                break
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    for mail in pending[attempted:]:
        print(_say(lang, f"failed: {mail.entry.bureau} {mail.entry.division}: 未送信（前の送信で止まりました。再実行すると送ります）",
                   f"failed: {mail.entry.bureau} {mail.entry.division}: not sent (stopped after the previous message; "
                   "a re-run sends it)"), file=sys.stderr)
    failed = len(pending) - sent
    print(_say(lang, f"送信 {sent} 件、送信済みのためスキップ {skipped} 件、失敗・未送信 {failed} 件（記録: {log.path}）",
               f"sent {sent}, skipped {skipped} already sent, failed or not sent {failed} (log: {log.path})"))
    return 1 if failed or unlogged else 0
