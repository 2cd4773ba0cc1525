"""The mails of `reportgen mail`: each division's message built from the manifest and
the address book (subject and body from templates, the division's files attached),
and sent over SMTP, one attempt at a time.

Everything here works on plain values; the command (options, the send log, what is
printed) is reportgen.cli.mail.
"""
from __future__ import annotations

import hashlib
import json
import os
import smtplib
import ssl
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

import reportgen.model.era as era
from reportgen.delivery.address_book import Recipient, header_problem
from reportgen.delivery.manifest import MIME_TYPES, Entry, Manifest
from reportgen.delivery.outgoing import Mail
from reportgen.messages import listing, say
from reportgen.messages.text import Text
from reportgen.model.amounts import format_amount
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.glossary import load_glossary, year_values
from reportgen.model.publication import FiscalYears, Location
from reportgen.report.templating import render

__all__ = ["Mail", "SUBJECT_TEMPLATE", "BODY_TEMPLATE", "NO_SENDER_DOMAIN", "TIMEOUT", "message_key",
           "content_key", "template_context", "build_mail", "connect", "send", "describe"]

SUBJECT_TEMPLATE, BODY_TEMPLATE = "mail_subject.txt.j2", "mail_body.txt.j2"
NO_SENDER_DOMAIN = "reportgen.invalid"  # Message-ID domain of a dry run without --from
TIMEOUT = 60  # seconds per SMTP operation


def _error(where: str, field: str, message: Text) -> Finding:
    return Finding(Severity.ERROR, Location(where), message, field)


# ---------------------------------------------------------------- building
def message_key(years, bureau: str, division: str) -> str:
    """Stable per edition and division: the same division of the same edition, the same key."""
    text = json.dumps([list(years), bureau, division], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def template_context(manifest: Manifest, entry: Entry, deadline: str | None) -> dict:
    """What the subject and body templates are given. `lang` is the division files'
    language (en: English, else Japanese); `title` is then the edition's title in it."""
    years, lang = manifest.years, "en" if manifest.lang == "en" else "ja"
    title = (load_glossary().label("title", "en", **year_values(FiscalYears(*years))) if lang == "en"
             else manifest.title)
    return {
        "lang": lang, "title": title, "years": list(years), "codes": list(manifest.codes),
        "era_names": [era.era_name(y) for y in years],
        "fiscal_years": [era.era_name_with_western(y) if lang == "ja" else era.fiscal_label_en(y) for y in years],
        "bureau": entry.bureau, "division": entry.division,
        "programs": [{"number": n, "name": name} for n, name in entry.programs],
        "totals": [{"year": y, "code": era.era_code(y), "era_name": era.era_name(y), "amount": t,
                    "fiscal_year": era.fiscal_label_en(y),
                    "text": "—" if t is None else f"{format_amount(t)} 千円" if lang == "ja"
                    else f"JPY {format_amount(t)} thousand"} for y, t in zip(years, entry.totals)],
        "attachments": [name for _, name in entry.attachments],
        "has_workbook": any(kind == "xlsx" for kind, _ in entry.attachments),
        "deadline": deadline,
    }


def build_mail(out: str, manifest: Manifest, entry: Entry, recipient: Recipient, sender: Address | None,
               templates: str | None, deadline: str | None) -> Mail:
    context = template_context(manifest, entry, deadline)
    subject = render(SUBJECT_TEMPLATE, templates, **context).strip()
    problem = say("mail.empty_subject") if not subject else header_problem(subject)
    if problem:
        raise ReportgenError(_error(SUBJECT_TEMPLATE, "subject", say(
            "mail.unsafe_subject", bureau=entry.bureau, division=entry.division, subject=subject, problem=problem)))
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
    attachments = []
    for kind, name in entry.attachments:
        with open(os.path.join(out, name), "rb") as handle:
            attachments.append((kind, name, handle.read()))
    digests = {name: hashlib.sha256(data).hexdigest() for _, name, data in attachments}
    content = content_key(key, subject, body, digests)
    message["Message-ID"] = f"<reportgen.{content}@{sender.domain if sender else NO_SENDER_DOMAIN}>"
    message.set_content(body)
    for kind, name, data in attachments:
        message.add_attachment(data, *MIME_TYPES[kind], filename=name)
    return Mail(entry, recipient, key, message, digests)


def content_key(key: str, subject: str, body: str, digests: dict[str, str]) -> str:
    """The Message-ID's own part: the same division's same mail (subject, text and
    attachments) keeps it, so a resend is recognisably the same message; a corrected
    attachment gives a new one, so no mail system takes the correction for a duplicate."""
    text = json.dumps([key, subject, body, sorted(digests.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------- sending
def connect(address: tuple[str, int], context: ssl.SSLContext | None, user: str | None,
            password: str | None) -> smtplib.SMTP:
    """An SMTP session, upgraded to verified TLS and authenticated when asked; ReportgenError otherwise."""
    server = f"{address[0]}:{address[1]}"
    try:
        smtp = smtplib.SMTP(address[0], address[1], timeout=TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise ReportgenError(_error(server, "smtp", say("mail.cannot_connect", problem=exc))) from None
    try:
        if context is not None:
            smtp.starttls(context=context)
        if user is not None:
            smtp.login(user, password)
        return smtp
    except ssl.SSLCertVerificationError as exc:
        field, problem = "starttls", say("mail.certificate_not_trusted", problem=exc.verify_message)
    except smtplib.SMTPNotSupportedError as exc:
        field, problem = "smtp", say("mail.not_supported", problem=exc)
    except smtplib.SMTPAuthenticationError as exc:
        field, problem = "user", say("mail.login_failed", reply=_reply(exc.smtp_code, exc.smtp_error))
    except (OSError, smtplib.SMTPException) as exc:
        field, problem = "smtp", say("mail.connection_failed", problem=exc)
    smtp.close()
    raise ReportgenError(_error(server, field, problem))


def _reply(code: int, text: bytes) -> str:
    """An SMTP reply as the server wrote it: `550 5.1.1 mailbox unavailable`."""
    return f"{code} {text.decode('utf-8', 'replace')}"


def send(smtp: smtplib.SMTP, sender: Address, mail: Mail) -> tuple[str, dict]:
    """One attempt: ("sent", {}), ("refused", {"refused": {address: reply}} or {"error": reply}),
    or ("failed", {"error": text}) when the connection broke and delivery is unknown."""
    try:
        refused = smtp.send_message(mail.message, from_addr=sender.addr_spec, to_addrs=mail.envelope)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except smtplib.SMTPResponseException as exc:  # MAIL FROM or DATA refused: this message only
        return "refused", {"error": _reply(exc.smtp_code, exc.smtp_error)}
    except (OSError, smtplib.SMTPException) as exc:
        return "failed", {"error": str(exc) or type(exc).__name__}
    if refused:  # send_message returns the refused recipients without raising when others were accepted
        return "refused", {"refused": {to: _reply(*answer) for to, answer in refused.items()}}
    return "sent", {}


def describe(mail: Mail, status: str, detail: dict) -> Text:
    """The line that tells a person how one attempt (`send`'s status and detail) went."""
    names = {"bureau": mail.entry.bureau, "division": mail.entry.division}
    if status == "sent" and mail.only_to is not None:
        return say("mail.sent_to_remaining", **names, to=", ".join(mail.envelope))
    if status == "sent":
        cc = ", ".join(str(a) for a in mail.recipient.cc)
        if cc:
            return say("mail.sent_with_cc", **names, to=mail.recipient.to, cc=cc)
        return say("mail.sent", **names, to=mail.recipient.to)
    if status == "failed":
        return say("mail.connection_broke", **names, error=detail["error"])
    if "error" in detail:  # MAIL FROM or DATA refused: the server's reply
        return say("mail.refused_message", **names, reply=detail["error"])
    reasons = listing(f"{to} ({answer})" for to, answer in detail["refused"].items())
    delivered = [to for to in mail.envelope if to not in detail["refused"]]
    if delivered:
        return say("mail.refused_some_recipients", **names, reasons=reasons, delivered=", ".join(delivered))
    return say("mail.refused_recipients", **names, reasons=reasons)
