"""`reportgen mail OUT`: email each division (担当課) its own sheets from a split folder.

OUT/manifest.json (reportgen.delivery.manifest) lists each division's files; the address
book maps each division to one mailbox. Every problem (manifest, address book,
options, --resend names, templates, header values, the send log) is listed
before anything is sent or written. `--dry-run` writes .eml files to OUT/outbox/.
A real run logs each delivery attempt (sent, refused or failed) as one line of
OUT/mail-log.jsonl; a re-run sends only the divisions whose latest attempt for
this edition is not `sent`, and `--resend 局/担当課` one again (same Message-ID).

The mails themselves are built and sent by reportgen.delivery.mail; this module
reads the options, checks everything first, keeps the send log and prints.
"""
from __future__ import annotations

import argparse
import os
import re
import smtplib
import ssl
import sys
from dataclasses import replace
from email import policy
from email.headerregistry import Address

from reportgen.delivery.address_book import parse_mailbox, read_address_book
from reportgen.delivery.file_names import inside, unique_stems
from reportgen.delivery.mail import build_mail, connect, describe, send
from reportgen.delivery.manifest import read_manifest, select
from reportgen.delivery.outgoing import Mail
from reportgen.delivery.output import write_files
from reportgen.delivery.send_log import SendLog, sending
from reportgen.messages import relayed, say
from reportgen.messages.text import Text
from reportgen.model.findings import (
    Finding,
    ReportgenError,
    Severity,
    errors_in,
    message_language,
)
from reportgen.model.publication import Location

PASSWORD_ENV = "REPORTGEN_SMTP_PASSWORD"
DEFAULT_SMTP = "localhost:25"
LOG_NAME, OUTBOX = "mail-log.jsonl", "outbox"


def _error(where: str, field: str, message: Text) -> Finding:
    return Finding(Severity.ERROR, Location(where), message, field)


# ---------------------------------------------------------------- command line
def add_mail_arguments(parser: argparse.ArgumentParser) -> None:
    """The mail command's arguments; their help in the parser's message language (a
    reportgen.cli.options.Parser has one), else in Japanese."""
    lang = getattr(parser, "lang", "ja")

    def text(message_id: str, **params) -> str:
        return say(message_id, **params).text(lang)
    parser.add_argument("out", metavar="OUT", help=text("mail.help_out"))
    parser.add_argument("--addresses", required=True, metavar="FILE", help=text("mail.help_addresses"))
    parser.add_argument("--smtp", default=DEFAULT_SMTP, metavar="HOST:PORT", help=text("mail.help_smtp", default=DEFAULT_SMTP))
    parser.add_argument("--starttls", action="store_true", help=text("mail.help_starttls"))
    parser.add_argument("--cafile", metavar="FILE", help=text("mail.help_cafile"))
    parser.add_argument("--user", metavar="NAME", help=text("mail.help_user", variable=PASSWORD_ENV))
    parser.add_argument("--from", dest="sender", metavar="ADDR", help=text("mail.help_from"))
    parser.add_argument("--deadline", metavar="TEXT", help=text("mail.help_deadline"))
    parser.add_argument("--dry-run", action="store_true", help=text("mail.help_dry_run"))
    parser.add_argument("--templates", metavar="DIR", help=text("mail.help_templates"))
    parser.add_argument("--resend", action="append", default=[], metavar="DIVISION", help=text("mail.help_resend"))
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=text("help.debug"))


def _options(args) -> tuple[Address | None, tuple[str, int], ssl.SSLContext | None, str | None, list[Finding]]:
    problems: list[Finding] = []
    sender = context = password = None
    if args.sender is not None:
        try:
            sender = parse_mailbox(args.sender)
        except ValueError as exc:
            problems.append(_error("--from", "from", say("mail.bad_sender", value=args.sender, problem=exc)))
    match = re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[^:\[\]\s]+)(?::([0-9]{1,5}))?", args.smtp)
    address = (match[1].strip("[]"), int(match[2] or 25)) if match else ("", 0)
    if not 0 < address[1] < 65536:
        problems.append(_error("--smtp", "smtp", say("mail.bad_smtp", value=args.smtp)))
    if args.dry_run:
        return sender, address, None, None, problems
    if args.sender is None:
        problems.append(_error("--from", "from", say("mail.no_sender")))
    if (args.cafile or args.user) and not args.starttls:
        problems.append(_error("--starttls", "starttls", say("mail.login_needs_starttls")))
    if args.starttls:
        try:
            context = ssl.create_default_context(cafile=args.cafile)
        except (OSError, ssl.SSLError) as exc:
            problems.append(_error(args.cafile or "--cafile", "cafile", say("mail.unreadable_cafile", problem=exc)))
    if args.user is not None:
        password = os.environ.get(PASSWORD_ENV)
        if not password:
            problems.append(_error(PASSWORD_ENV, "user", say("mail.no_password", variable=PASSWORD_ENV)))
    return sender, address, context, password, problems


def _inside(folder: str, name: str, findings: list[Finding], label: str = "OUT") -> str | None:
    """folder/name, or None (and an error) when a symbolic link takes it out of the folder."""
    try:
        inside(folder, name)
    except ValueError:
        findings.append(_error(os.path.join(folder, name), name, say("mail.outside_folder", folder=label)))
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
        findings.append(_error(out, "mail-log", say("mail.out_not_writable", log=LOG_NAME)))
    mails: list[Mail] = []
    for entry in manifest.entries:
        recipient = book.recipients.get((entry.bureau, entry.division))
        if recipient is not None:
            try:
                mails.append(build_mail(out, manifest, entry, recipient, sender, args.templates, args.deadline))
            except ReportgenError as exc:
                findings += exc.findings or [_error(out, "mail", relayed(exc.message_ja, exc.message_en))]
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
        accepted = log.accepted_for(mail, manifest.years)
        remaining = tuple(to for to in mail.recipient.envelope if to not in accepted)
        if mail.entry in resend or not accepted:
            pending.append(mail)
        elif remaining:  # some recipients have it already: only the others get it now
            pending.append(replace(mail, only_to=remaining))
            print(say("mail.partly_sent", bureau=mail.entry.bureau, division=mail.entry.division,
                      accepted=", ".join(to for to in mail.recipient.envelope if to in accepted),
                      remaining=", ".join(remaining), resend=mail.entry.name).text(lang))
        else:
            last = max(accepted.values(), key=lambda record: record.get("time", ""))
            changed = any(record.get("attachments", mail.digests) != mail.digests for record in accepted.values())
            print(say("mail.skipped_changed" if changed else "mail.skipped", bureau=mail.entry.bureau,
                      division=mail.entry.division, sent_at=last.get("time", ""), mail_id=last.get("message_id", ""),
                      resend=mail.entry.name).text(lang))
    skipped = len(mails) - len(pending)
    if args.dry_run:
        paths = [eml[m.key] for m in pending]
        write_files({p: m.message.as_bytes(policy=policy.SMTP) for p, m in zip(paths, pending)})
        for path, mail in zip(paths, pending):
            print(say("mail.written", path=path, bureau=mail.entry.bureau, division=mail.entry.division,
                      to=mail.recipient.to).text(lang))
        print(say("mail.dry_run_summary", written=len(pending), skipped=skipped).text(lang))
        return 0
    return _deliver(pending, skipped, manifest.years, sender, address, context, args.user, password, log, lang)


# ---------------------------------------------------------------- delivery
def _deliver(pending: list[Mail], skipped: int, years, sender: Address, address: tuple[str, int], context,
             user: str | None, password: str | None, log: SendLog, lang: str = "ja") -> int:
    """Send each message and log the attempt at once; stop when the connection breaks or the
    log cannot be written. One line per division and a summary."""
    sent = attempted = 0
    unlogged = False
    smtp = connect(address, context, user, password) if pending else None
    try:
        for mail in pending:
            attempted += 1
            status, detail = send(smtp, sender, mail)
            sent += status == "sent"
            print(describe(mail, status, detail).text(lang), file=sys.stdout if status == "sent" else sys.stderr)
            try:
                log.append(mail, years, status, detail)
            except (OSError, ReportgenError) as exc:  # the disk: stop before sending more unlogged
                unlogged = True
                problem = relayed(exc.message_ja, exc.message_en) if isinstance(exc, ReportgenError) else exc
                print(say("mail.log_unwritable", bureau=mail.entry.bureau, division=mail.entry.division,
                          log=log.path, problem=problem).text(lang), file=sys.stderr)
            if status == "failed" or unlogged:
                break
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    for mail in pending[attempted:]:
        print(say("mail.not_sent", bureau=mail.entry.bureau, division=mail.entry.division).text(lang), file=sys.stderr)
    failed = len(pending) - sent
    print(say("mail.summary", sent=sent, skipped=skipped, failed=failed, log=log.path).text(lang))
    return 1 if failed or unlogged else 0
