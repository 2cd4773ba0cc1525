"""SendLog (OUT/mail-log.jsonl): whole-line atomic appends, the latest attempt per division and
edition, corrupt or partial lines reported by line number, and a re-run sending only what is unsent."""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_mail import mail as run_mail_cli
from test_mail import write_book, write_split

import reportgen.delivery.output
from reportgen import ReportgenError, Severity
from reportgen.delivery.address_book import Recipient
from reportgen.delivery.mail import message_key
from reportgen.delivery.manifest import Entry
from reportgen.delivery.outgoing import Mail
from reportgen.delivery.send_log import SendLog
from reportgen.model.publication import Location

EDITION = (2024, 2025)


def make_mail(bureau="総務市民局", division="総務課", to="soumu@city.example.jp", cc=(), years=EDITION) -> Mail:
    """A Mail as build_mail makes it: Message-ID from the edition and division, digests per attachment."""
    key = message_key(years, bureau, division)
    message = EmailMessage()
    message["Message-ID"] = f"<reportgen.{key}@city.example.jp>"
    recipient = Recipient(bureau, division, Address(addr_spec=to), tuple(Address(addr_spec=a) for a in cc),
                          Location("addresses.csv", 2))
    entry = Entry(bureau, division, (("pdf", f"{bureau}_{division}.pdf"),), ((1, "事業"),), (1, 2))
    return Mail(entry, recipient, key, message, {f"{bureau}_{division}.pdf": "ab" * 32})


def lines_of(path) -> list[str]:
    """The log's lines; the file must end with a newline (whole lines only)."""
    text = open(path, encoding="utf-8").read()
    assert text.endswith("\n")
    return text[:-1].split("\n")


def reopened(path) -> SendLog:
    """The log as the next run sees it."""
    log = SendLog(str(path))
    assert log.read() == []
    return log


# ---------------------------------------------------------------- appending
def test_missing_log_means_nothing_was_attempted(tmp_path):
    log = SendLog(str(tmp_path / "mail-log.jsonl"))
    assert log.read() == []
    assert log.last(make_mail(), EDITION) is None
    assert not (tmp_path / "mail-log.jsonl").exists()  # reading creates nothing


def test_each_attempt_is_one_json_line_with_what_was_sent(tmp_path):
    path = tmp_path / "mail-log.jsonl"
    log = SendLog(str(path))
    log.read()
    first = make_mail(division="地域振興課", to="chiiki@city.example.jp", cc=["kacho@city.example.jp"])
    log.append(first, EDITION, "sent", {})
    log.append(make_mail(), EDITION, "refused", {"refused": {"soumu@city.example.jp": "550 5.1.1 no"}})
    records = [json.loads(line) for line in lines_of(path)]
    assert [(r["division"], r["status"]) for r in records] == [("地域振興課", "sent"), ("総務課", "refused")]
    sent = records[0]
    assert sent["years"] == [2024, 2025] and sent["bureau"] == "総務市民局"
    assert sent["message_id"] == str(first.message["Message-ID"])
    assert sent["recipients"] == ["chiiki@city.example.jp", "kacho@city.example.jp"]  # to, then cc
    assert sent["attachments"] == first.digests
    assert datetime.fromisoformat(sent["time"]).tzinfo is not None  # comparable across machines
    assert "refused" not in sent and records[1]["refused"] == {"soumu@city.example.jp": "550 5.1.1 no"}


def test_append_keeps_every_earlier_byte(tmp_path):
    path = tmp_path / "mail-log.jsonl"
    # a line of another edition, spaced as a person might have edited it
    old = '{ "years": [2023, 2024], "bureau": "総務市民局", "division": "総務課", "status": "sent" }\n'
    path.write_text(old, encoding="utf-8")
    log = SendLog(str(path))
    assert log.read() == []
    log.append(make_mail(), EDITION, "sent", {})
    assert path.read_text(encoding="utf-8").startswith(old)
    assert len(lines_of(path)) == 2


def test_log_without_a_final_newline_is_not_glued_to_the_new_line(tmp_path):
    path = tmp_path / "mail-log.jsonl"
    old = {"years": [2023, 2024], "bureau": "総務市民局", "division": "総務課", "status": "sent"}
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")  # no "\n" at the end
    log = SendLog(str(path))
    assert log.read() == []
    log.append(make_mail(), EDITION, "failed", {"error": "timed out"})
    lines = lines_of(path)
    assert len(lines) == 2 and json.loads(lines[0]) == old and json.loads(lines[1])["status"] == "failed"


class _DiskFullHalfway:
    """`os` as reportgen.delivery.output sees it, except that writing a file stops half way (ENOSPC)."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def fdopen(fd, mode):
        stream = os.fdopen(fd, mode)

        class Half:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                stream.close()

            def write(self, data):
                stream.write(data[:len(data) // 2])
                stream.flush()
                raise OSError(28, "No space left on device")
        return Half()


def test_failed_write_leaves_the_previous_log_and_records_nothing(tmp_path, monkeypatch):
    path = tmp_path / "mail-log.jsonl"
    log = SendLog(str(path))
    log.read()
    log.append(make_mail(division="地域振興課"), EDITION, "sent", {})
    before = path.read_bytes()
    with monkeypatch.context() as patch, pytest.raises(ReportgenError, match="空きが足りず"):
        patch.setattr(reportgen.delivery.output, "os", _DiskFullHalfway())
        log.append(make_mail(), EDITION, "sent", {})  # the caller (mail) must hear of it, and stop
    assert path.read_bytes() == before  # never half a line
    assert sorted(os.listdir(tmp_path)) == ["mail-log.jsonl"]  # no temporary file left behind
    assert log.last(make_mail(), EDITION) is None  # the unrecorded attempt does not count as sent
    log.append(make_mail(), EDITION, "refused", {"error": "550 no"})  # the next write has no trace of it
    assert [json.loads(line)["status"] for line in lines_of(path)] == ["sent", "refused"]


# ---------------------------------------------------------------- last()
def test_last_is_the_latest_attempt_for_that_bureau_division_and_edition(tmp_path):
    path = tmp_path / "mail-log.jsonl"
    log = SendLog(str(path))
    log.read()
    log.append(make_mail(), EDITION, "refused", {"error": "550 no"})
    log.append(make_mail(), EDITION, "sent", {})
    log.append(make_mail(), (2023, 2024), "failed", {"error": "reset"})  # another edition, later
    for current in (log, reopened(path)):  # this run, and the next run reading the file
        assert current.last(make_mail(), [2024, 2025])["status"] == "sent"  # list or tuple: same edition
        assert current.last(make_mail(), (2023, 2024))["status"] == "failed"
        assert current.last(make_mail(), (2025, 2026)) is None
        assert current.last(make_mail(bureau="財政局"), EDITION) is None  # same division name, other bureau
        assert current.last(make_mail(division="地域振興課"), EDITION) is None


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@example([(0, 0, "sent"), (1, 1, "failed"), (2, 0, "refused")], ["課\u2028一", "課\x85二", '課"\\\n三'])
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.sampled_from(["sent", "refused", "failed"])),
                max_size=8),
       st.lists(names, min_size=3, max_size=3, unique=True))
def test_any_attempts_read_back_as_the_latest_per_division_and_edition(attempts, divisions):
    # names may hold newlines, quotes, U+2028...: a record must still stay on its one line
    editions = [(2024, 2025), (2025, 2026)]
    expected = {}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "mail-log.jsonl")
        log = SendLog(path)
        log.read()
        for division, edition, status in attempts:
            log.append(make_mail(division=divisions[division]), editions[edition], status, {})
            expected[(division, edition)] = status
        if attempts:
            assert len(lines_of(path)) == len(attempts)
        again = SendLog(path)
        assert again.read() == []
        for division in range(3):
            for edition in range(2):
                last = again.last(make_mail(division=divisions[division]), editions[edition])
                assert (last and last["status"]) == expected.get((division, edition))


# ---------------------------------------------------------------- damaged logs
def test_corrupt_and_partial_lines_are_errors_by_line_number_and_never_count(tmp_path):
    path = tmp_path / "mail-log.jsonl"
    good = {"years": [2024, 2025], "bureau": "総務市民局", "division": "総務課", "status": "sent"}
    lines = [
        json.dumps(good, ensure_ascii=False),                               # 1 fine
        "{not json",                                                        # 2
        "",                                                                 # 3 blank: ignored
        json.dumps({**good, "status": "queued"}),                          # 4 not a status
        json.dumps({**good, "division": "地域振興課", "years": ["R6", "R7"]}),  # 5 years not numbers
        "[]",                                                               # 6 not an object
        json.dumps({**good, "division": "広聴課"})[:30],                     # 7 cut off mid-record, at the end
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    log = SendLog(str(path))
    findings = log.read()
    assert [(f.severity, f.location) for f in findings] == [
        (Severity.ERROR, Location(str(path), n)) for n in (2, 4, 5, 6, 7)]
    assert all(f.field == "mail-log" for f in findings)
    assert log.last(make_mail(), EDITION) == good  # line 4 did not replace it
    assert log.last(make_mail(division="地域振興課"), EDITION) is None
    assert log.last(make_mail(division="広聴課"), EDITION) is None


def test_crlf_log_from_a_windows_editor_reads_cleanly(tmp_path):
    path = tmp_path / "mail-log.jsonl"
    good = {"years": [2024, 2025], "bureau": "総務市民局", "division": "総務課", "status": "sent"}
    path.write_bytes((json.dumps(good, ensure_ascii=False) + "\r\n\r\n").encode("utf-8"))  # and a blank line
    log = SendLog(str(path))
    assert log.read() == [] and log.last(make_mail(), EDITION) == good


def test_unreadable_log_is_one_error_not_a_crash(tmp_path):
    path = tmp_path / "mail-log.jsonl"
    path.write_bytes("総務課".encode("cp932"))  # not UTF-8
    findings = SendLog(str(path)).read()
    assert [(f.severity, f.location, f.field) for f in findings] == [(Severity.ERROR, Location(str(path)), "mail-log")]
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    assert len(SendLog(str(folder)).read()) == 1  # a folder in its place: also reported


# ---------------------------------------------------------------- the re-run
def test_rerun_prepares_only_divisions_with_a_recipient_not_yet_accepted(tmp_path, capsys):
    out = write_split(tmp_path / "out")  # 総務市民局: 地域振興課 and 総務課
    book = write_book(tmp_path / "book.csv", [("総務市民局", "地域振興課", "chiiki@city.example.jp", ""),
                                              ("総務市民局", "総務課", "soumu@city.example.jp", "")])
    log = SendLog(str(out / "mail-log.jsonl"))
    log.read()
    chiiki = make_mail(division="地域振興課", to="chiiki@city.example.jp")
    log.append(chiiki, EDITION, "refused", {"error": "550 no"})
    log.append(chiiki, EDITION, "sent", {})  # fixed and sent: done
    log.append(make_mail(division="総務課"), EDITION, "refused", {"error": "554 no"})
    before = (out / "mail-log.jsonl").read_bytes()
    assert run_mail_cli(out, "--addresses", book, "--dry-run") == 0
    assert sorted(p.name for p in (out / "outbox").iterdir()) == ["総務市民局_総務課.eml"]
    # a --resend that broke off after an earlier copy was accepted: not sent again unasked
    log.append(make_mail(division="総務課"), EDITION, "sent", {})
    log.append(make_mail(division="総務課"), EDITION, "failed", {"error": "reset"})
    for eml in (out / "outbox").iterdir():
        eml.unlink()
    capsys.readouterr()
    before = (out / "mail-log.jsonl").read_bytes()
    assert run_mail_cli(out, "--addresses", book, "--dry-run") == 0
    assert list((out / "outbox").iterdir()) == []
    assert "skipped: 総務市民局 総務課" in capsys.readouterr().out
    assert (out / "mail-log.jsonl").read_bytes() == before  # a dry run attempts nothing, logs nothing


def test_an_attempt_is_never_added_to_a_log_not_read_first(tmp_path):
    """append rewrites the whole file: without reading it first it would drop the earlier records."""
    path = tmp_path / "mail-log.jsonl"
    first = SendLog(str(path))
    first.read()
    first.append(make_mail(), EDITION, "sent", {})
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        SendLog(str(path)).append(make_mail(division="企画課"), EDITION, "sent", {})
    assert path.read_bytes() == before


def test_years_that_are_true_or_false_are_not_a_record(tmp_path):
    path = tmp_path / "mail-log.jsonl"
    path.write_text(json.dumps({"status": "sent", "bureau": "総務市民局", "division": "総務課",
                                "years": [True, False]}) + "\n", encoding="utf-8")
    log = SendLog(str(path))
    assert [f.location.line for f in log.read()] == [1]
    assert log.latest == {}


def test_a_lock_file_left_by_another_user_does_not_stop_the_next_run(tmp_path, monkeypatch):
    """The lock is taken on a read-only descriptor: another user's lock file (0644
    to us) is no obstacle once their run is over."""
    import reportgen.delivery.send_log as send_log
    opened = []
    real_open = os.open
    monkeypatch.setattr(send_log.os, "open", lambda path, flags, *a: (opened.append(flags), real_open(path, flags, *a))[1])
    with send_log.sending(str(tmp_path)):
        pass
    assert opened and all(flags & (os.O_WRONLY | os.O_RDWR) == 0 for flags in opened)
    with send_log.sending(str(tmp_path)):  # and the lock was released
        pass


def test_acceptance_is_recorded_per_recipient_and_read_back(tmp_path):
    """A partly refused attempt records who accepted; an older log's 'sent' line means everyone."""
    path = tmp_path / "mail-log.jsonl"
    log = SendLog(str(path))
    log.read()
    partly = make_mail(to="soumu@city.example.jp", cc=("kacho@city.example.jp", "kakari@city.example.jp"))
    log.append(partly, EDITION, "refused", {"refused": {"kakari@city.example.jp": "550 5.1.1 no"}})
    log.append(partly, EDITION, "failed", {"error": "reset"})  # delivery unknown: nobody counted
    record = json.loads(lines_of(path)[0])
    assert record["recipients"] == ["soumu@city.example.jp", "kacho@city.example.jp", "kakari@city.example.jp"]
    assert record["accepted"] == ["soumu@city.example.jp", "kacho@city.example.jp"]
    assert json.loads(lines_of(path)[1])["accepted"] == []
    again = SendLog(str(path))
    again.read()
    assert sorted(again.accepted_for(partly, EDITION)) == ["kacho@city.example.jp", "soumu@city.example.jp"]
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({"years": list(EDITION), "bureau": "総務市民局", "division": "総務課",
                               "status": "sent"}) + "\n", encoding="utf-8")
    older = SendLog(str(old))
    older.read()
    assert sorted(older.accepted_for(partly, EDITION)) == sorted(partly.envelope)
