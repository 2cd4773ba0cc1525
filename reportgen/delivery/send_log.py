"""The send log of `reportgen mail`: OUT/mail-log.jsonl, one record per delivery attempt
with the recipients the server accepted, so a re-run sends only to the recipients who
have not yet accepted the message, never again to one who has."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from reportgen.delivery.outgoing import Mail
from reportgen.delivery.output import write_files
from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity
from reportgen.model.publication import Location

STATUSES = ("sent", "refused", "failed")
EVERYONE = "*"  # accepted for: a log line of an older version says "sent" without naming recipients
LOCK_NAME = "mail-log.lock"  # in OUT, beside mail-log.jsonl


def _is_log_record(record) -> bool:
    return (isinstance(record, dict) and record.get("status") in STATUSES
            and all(isinstance(record.get(k), str) for k in ("bureau", "division"))
            and isinstance(record.get("years"), list)
            and all(isinstance(y, int) and not isinstance(y, bool) for y in record["years"]))


def _accepted_in(record: dict) -> list[str]:
    """The recipients an attempt reached; a log written before `accepted` was recorded
    says it through its status and its refused recipients."""
    if isinstance(record.get("accepted"), list):
        return [a for a in record["accepted"] if isinstance(a, str)]
    if not isinstance(record.get("recipients"), list):
        return [EVERYONE] if record["status"] == "sent" else []
    recipients = [a for a in record["recipients"] if isinstance(a, str)]
    if record["status"] == "sent":
        return recipients
    refused = record.get("refused")
    return [a for a in recipients if a not in refused] if isinstance(refused, dict) else []


@contextmanager
def sending(out: str) -> Iterator[None]:
    """Hold OUT's mail lock for a whole `reportgen mail` run: a second run on the
    same OUT stops with a clear error instead of reading the same log and sending
    the same mails again. The lock is the operating system's (flock, or msvcrt
    on Windows): it goes with the process, so a crash leaves none behind."""
    path = os.path.join(out, LOCK_NAME)
    try:  # read access is all a lock needs, so a file another user left is no obstacle
        handle = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(path), say("send_log.lock_unopenable", problem=exc),
                                     "mail-log")) from None
    try:
        try:
            _lock(handle)
        except OSError:
            raise ReportgenError(Finding(Severity.ERROR, Location(path), say("send_log.busy"), "mail-log")) from None
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        os.close(handle)


def _lock(handle: int) -> None:
    if os.name == "nt":
        import msvcrt
        msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # the first byte, from position 0
    else:
        import fcntl
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(handle: int) -> None:
    """Released at once (Windows frees a lock left to close only after a while)."""
    if os.name == "nt":
        import msvcrt
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl
        fcntl.flock(handle, fcntl.LOCK_UN)


class SendLog:
    """OUT/mail-log.jsonl: one JSON object per line per delivery attempt. Each attempt rewrites
    the whole file through write_files, so a crash leaves the previous log, never half a line."""

    def __init__(self, path: str):
        self.path, self.text = path, ""
        self.latest: dict[tuple, dict] = {}  # (years, bureau, division) -> the last attempt
        self.accepted: dict[tuple, dict[str, dict]] = {}  # (years, bureau, division) -> address -> its attempt
        self._read = False  # append rewrites the whole file: it must know what is there

    @staticmethod
    def _key(record: dict) -> tuple:
        return tuple(record["years"]), record["bureau"], record["division"]

    def read(self) -> list[Finding]:
        self._read = True
        if not os.path.lexists(self.path):
            return []
        try:
            with open(self.path, "rb") as handle:
                self.text = handle.read().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return [Finding(Severity.ERROR, Location(self.path), say("send_log.unreadable", problem=exc), "mail-log")]
        findings = []
        for number, line in enumerate(self.text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if _is_log_record(record):
                self._remember(record)
            else:
                findings.append(Finding(Severity.ERROR, Location(self.path, number), say("send_log.bad_line"),
                                        "mail-log"))
        return findings

    def _remember(self, record: dict) -> None:
        key = self._key(record)
        self.latest[key] = record
        for address in _accepted_in(record):
            self.accepted.setdefault(key, {})[address] = record

    def last(self, mail: Mail, years) -> dict | None:
        return self.latest.get((tuple(years), mail.entry.bureau, mail.entry.division))

    def accepted_for(self, mail: Mail, years) -> dict[str, dict]:
        """Each recipient the server has accepted this division's message for -> that attempt
        (EVERYONE stands for all of them)."""
        accepted = self.accepted.get((tuple(years), mail.entry.bureau, mail.entry.division), {})
        if EVERYONE in accepted:
            return {to: accepted[EVERYONE] for to in [*mail.envelope, *accepted] if to != EVERYONE}
        return accepted

    def append(self, mail: Mail, years, status: str, detail: dict) -> None:
        if not self._read:
            raise RuntimeError("the send log must be read before an attempt is added to it")
        record = {"time": datetime.now().astimezone().isoformat(timespec="seconds"), "years": list(years),
                  "bureau": mail.entry.bureau, "division": mail.entry.division,
                  "message_id": str(mail.message["Message-ID"]), "status": status, **detail,
                  "recipients": mail.envelope, "accepted": mail.accepted(status, detail), "attachments": mail.digests}
        text = self.text + ("\n" if self.text and not self.text.endswith("\n") else "")
        text += json.dumps(record, ensure_ascii=False) + "\n"
        write_files({self.path: text.encode("utf-8")})
        self.text = text
        self._remember(record)
