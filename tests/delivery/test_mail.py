"""`reportgen mail`: a real SMTP server (aiosmtpd) on 127.0.0.1, TLS from a trustme CA."""
import argparse
import email
import email.policy
import io
import json
import os
import re
import socket
import ssl
from datetime import datetime

import openpyxl
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from conftest import SEED
from pypdf import PdfReader

import reportgen.delivery.split
from reportgen import load
from reportgen.cli.mail import add_mail_arguments, run_mail
from reportgen.model.findings import ReportgenError
from reportgen.renderers import RENDERERS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "新ビジョンに係る主な施策における主要事務事業(令和6年度・令和7年度)"
DIVISIONS = [
    ("総務市民局", "地域振興課", [(7, "地域総括補助金"), (10, "全世代参加型地域コミュニティ推進事業")], [2407735, 2728458]),
    ("総務市民局", "総務課", [(1, "多世代が参加・交流できる自治会活動支援事業(R6)協働による地域の活性化支援事業(R7)")],
     [None, 4359]),
]
ADDRESSES = {"地域振興課": "chiiki@city.example.jp", "総務課": "soumu@city.example.jp"}


# ---------------------------------------------------------------- fixtures
def write_split(out, divisions=DIVISIONS, **overrides):
    """A split folder as `reportgen split` writes it: manifest.json plus each division's files."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for bureau, division, programs, totals in divisions:
        stem = f"{bureau}_{division}".replace("/", "_").replace("\n", "_")
        (out / f"{stem}.xlsx").write_bytes(b"PK\x03\x04 workbook of " + division.encode())
        (out / f"{stem}.pdf").write_bytes(b"%PDF-1.7 sheets of " + division.encode())
        files.append({"bureau": bureau, "division": division, "xlsx": f"{stem}.xlsx", "pdf": f"{stem}.pdf",
                      "programs": [{"number": n, "name": name} for n, name in programs], "totals": totals,
                      **overrides})
    manifest = {"title": TITLE, "years": [2024, 2025], "codes": ["R6", "R7"], "files": files}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return out


def write_book(path, rows, encoding="utf-8"):
    lines = ["局,担当課,email,cc"] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.fixture
def split(tmp_path):
    out = write_split(tmp_path / "out")
    book = write_book(tmp_path / "addresses.csv", [
        ("総務市民局", "地域振興課", f"地域振興課 <{ADDRESSES['地域振興課']}>", '"kacho@city.example.jp, 係長 <kakari@city.example.jp>"'),
        ("総務市民局", "総務課", ADDRESSES["総務課"], ""),
    ])
    return out, book


class Recorder:
    """An aiosmtpd handler that keeps every envelope and refuses the addresses in `refuse`."""

    def __init__(self):
        self.envelopes = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def messages(self):
        return [email.message_from_bytes(content, policy=email.policy.default) for _, _, content in self.envelopes]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server():
    """start(handler=None, **smtp_options) -> (handler, 'host:port'); every server is stopped afterwards."""
    controllers = []

    def start(handler=None, **options):
        handler = handler or Recorder()
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        controllers.append(controller)
        return handler, f"127.0.0.1:{controller.port}"
    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture
def tls(ca, tmp_path):
    """(server context with a certificate for 127.0.0.1, path of the CA's PEM)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    cafile = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    return context, str(cafile)


def mail(*argv):
    parser = argparse.ArgumentParser()
    add_mail_arguments(parser)
    return run_mail(parser.parse_args([str(a) for a in argv]))


def mail_log(out):
    """Every line of OUT/mail-log.jsonl, oldest first."""
    path = out / "mail-log.jsonl"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")  # whole lines only
    return [json.loads(line) for line in text.splitlines()]


def latest(out):
    """division -> status of its latest attempt."""
    return {e["division"]: e["status"] for e in mail_log(out)}


SENDER = "総務市民局 総務課 <soumu-kikaku@city.example.jp>"


# ---------------------------------------------------------------- delivery
def test_each_division_gets_its_own_message_with_attachments(split, server, capsys):
    out, book = split
    handler, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    assert len(handler.envelopes) == 2
    by_division = {}
    for (mail_from, rcpt_tos, _), message in zip(handler.envelopes, handler.messages()):
        assert mail_from == "soumu-kikaku@city.example.jp"
        by_division[message["To"].addresses[0].addr_spec] = (rcpt_tos, message)

    rcpt_tos, message = by_division[ADDRESSES["地域振興課"]]
    assert rcpt_tos == ["chiiki@city.example.jp", "kacho@city.example.jp", "kakari@city.example.jp"]
    assert str(message["From"]) == SENDER
    assert str(message["To"]) == "地域振興課 <chiiki@city.example.jp>"
    assert [a.addr_spec for a in message["Cc"].addresses] == ["kacho@city.example.jp", "kakari@city.example.jp"]
    assert message["Cc"].addresses[1].display_name == "係長"
    assert "確認・更新のお願い" in message["Subject"] and "地域振興課" in message["Subject"]
    assert "令和6年度・令和7年度" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    for text in ("地域振興課 御中", TITLE, "地域総括補助金", "全世代参加型地域コミュニティ推進事業",
                 "2,407,735 千円", "2,728,458 千円", "令和6年度", "事業番号 10"):
        assert text in body
    assert "期限" not in body  # no --deadline, no deadline
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attachments) == {"総務市民局_地域振興課.xlsx", "総務市民局_地域振興課.pdf"}
    assert attachments["総務市民局_地域振興課.xlsx"].get_content_type() == XLSX_TYPE
    assert attachments["総務市民局_地域振興課.pdf"].get_content_type() == "application/pdf"
    for name, part in attachments.items():
        assert part.get_content() == (out / name).read_bytes()
    for _, _, raw in handler.envelopes:  # the Japanese file names travel as RFC 2231 parameters
        dispositions = raw.split(b"Content-Disposition: attachment;")[1:]
        assert len(dispositions) == 2
        assert all(d.lstrip().startswith(b"filename*0*=utf-8''%E7%B7%8F") for d in dispositions)

    _, message = by_division[ADDRESSES["総務課"]]
    assert message["Cc"] is None
    body = message.get_body(("plain",)).get_content()
    assert "協働による地域の活性化支援事業(R7)" in body and "4,359 千円" in body and "：—" in body

    printed = capsys.readouterr().out
    assert printed.count("sent: ") == 2 and "送信 2 件" in printed
    log = mail_log(out)
    assert [(e["bureau"], e["status"]) for e in log] == [("総務市民局", "sent")] * 2
    assert {e["division"] for e in log} == {"地域振興課", "総務課"}
    assert {e["message_id"] for e in log} == {str(m["Message-ID"]) for m in handler.messages()}
    for entry in log:
        assert entry["years"] == [2024, 2025] and "refused" not in entry and "error" not in entry
        assert datetime.fromisoformat(entry["time"]).tzinfo is not None


def subject_template(tmp_path, text):
    """A templates folder overriding only the mail subject."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "mail_subject.txt.j2").write_text(text, encoding="utf-8")
    return templates


def test_deadline_and_template_override(split, server, tmp_path):
    out, book = split
    handler, address = server()
    templates = subject_template(tmp_path, "【至急】{{ division }} {{ codes | join('/') }}\n")
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--templates", templates,
                "--deadline", "令和6年5月31日（金）") == 0
    message = handler.messages()[0]
    assert message["Subject"] == "【至急】地域振興課 R6/R7"
    assert "令和6年5月31日（金）まで" in message.get_body(("plain",)).get_content()  # body from the shipped template


def test_rerun_skips_sent_divisions_and_resend_sends_again_with_the_same_message_id(split, server, capsys):
    out, book = split
    handler, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    first_ids = sorted(str(m["Message-ID"]) for m in handler.messages())
    capsys.readouterr()

    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    assert len(handler.envelopes) == 2  # nothing new
    printed = capsys.readouterr().out
    assert printed.count("skipped: ") == 2 and "--resend 総務市民局/総務課" in printed

    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER,
                "--resend", "総務課", "--resend", "総務市民局/地域振興課") == 0
    assert len(handler.envelopes) == 4
    assert sorted(str(m["Message-ID"]) for m in handler.messages()[2:]) == first_ids
    assert all(re.fullmatch(r"<reportgen\.[0-9a-f]{32}@city\.example\.jp>", i) for i in first_ids)
    log = mail_log(out)
    assert len(log) == 4 and all(e["status"] == "sent" for e in log)
    assert sorted(e["division"] for e in log) == ["地域振興課", "地域振興課", "総務課", "総務課"]


def test_a_corrected_attachment_gets_a_new_message_id_and_an_identical_resend_keeps_it(split, server):
    """Mail systems that drop a Message-ID seen before must not hide a correction."""
    out, book = split
    handler, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--resend", "総務課") == 0
    (out / "総務市民局_総務課.pdf").write_bytes("%PDF-1.7 corrected sheets of 総務課".encode())  # re-split after a fix
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--resend", "総務課") == 0
    ids = [str(m["Message-ID"]) for m in handler.messages() if m["To"].addresses[0].addr_spec == ADDRESSES["総務課"]]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]
    logged = [e for e in mail_log(out) if e["division"] == "総務課"]
    assert [e["message_id"] for e in logged] == ids
    assert logged[1]["attachments"] != logged[2]["attachments"]  # and the log says what changed


def test_refused_recipient_fails_that_division_only(split, server, capsys):
    out, book = split
    handler, address = server()
    handler.refuse = {"kakari@city.example.jp"}  # a cc of 地域振興課
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 1
    captured = capsys.readouterr()
    assert "failed: 総務市民局 地域振興課" in captured.err and "kakari@city.example.jp (550" in captured.err
    assert "送信 1 件" in captured.out
    assert latest(out) == {"地域振興課": "refused", "総務課": "sent"}
    refused = next(e for e in mail_log(out) if e["status"] == "refused")
    assert refused["refused"] == {"kakari@city.example.jp": "550 5.1.1 mailbox unavailable"}

    assert "同じ Message-ID" in captured.err  # the other recipients did get it: said so
    rcpts = sorted(rcpt_tos for _, rcpt_tos, _ in handler.envelopes)
    assert rcpts == [["chiiki@city.example.jp", "kacho@city.example.jp"], ["soumu@city.example.jp"]]

    handler.refuse = set()  # fixed: the re-run sends only to the recipient who has not got it
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    assert len(handler.envelopes) == 3
    assert handler.envelopes[-1][1] == ["kakari@city.example.jp"]
    assert "kakari@city.example.jp にだけ送ります" in capsys.readouterr().out
    ids = [str(m["Message-ID"]) for m in handler.messages() if m["To"].addresses[0].addr_spec == "chiiki@city.example.jp"]
    assert len(ids) == 2 and ids[0] == ids[1]  # the partly delivered copy and the resend are recognisably one
    assert latest(out) == {"地域振興課": "sent", "総務課": "sent"}
    assert [e["status"] for e in mail_log(out)] == ["refused", "sent", "sent"]


def test_every_recipient_refused_is_a_failure_too(split, server):
    out, book = split
    handler, address = server()
    handler.refuse = {"soumu@city.example.jp"}
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 1
    assert latest(out) == {"地域振興課": "sent", "総務課": "refused"}
    assert mail_log(out)[1]["refused"] == {"soumu@city.example.jp": "550 5.1.1 mailbox unavailable"}


# ---------------------------------------------------------------- TLS and AUTH
def test_starttls_with_the_ca_file(split, server, tls):
    out, book = split
    context, cafile = tls
    handler, address = server(tls_context=context, require_starttls=True)
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--starttls", "--cafile", cafile) == 0
    assert len(handler.envelopes) == 2


def test_starttls_with_an_untrusted_certificate_fails_clearly(split, server, tls):
    out, book = split
    context, _ = tls
    handler, address = server(tls_context=context, require_starttls=True)
    with pytest.raises(ReportgenError, match="certificate not trusted"):
        mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--starttls")
    assert handler.envelopes == []
    assert not (out / "mail-log.jsonl").exists()  # nothing was attempted


def test_server_requiring_tls_refuses_plain_sending(split, server, tls):
    out, book = split
    context, _ = tls
    handler, address = server(tls_context=context, require_starttls=True)
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 1
    assert handler.envelopes == []
    log = mail_log(out)  # each message was refused (530), and the log says so
    assert [e["status"] for e in log] == ["refused", "refused"] and all(e["error"].startswith("530") for e in log)


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"soumu" and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


def test_auth_over_tls_with_the_password_from_the_environment(split, server, tls, monkeypatch):
    out, book = split
    context, cafile = tls
    handler, address = server(tls_context=context, require_starttls=True, authenticator=authenticator,
                              auth_require_tls=True, auth_required=True)
    options = ["--addresses", book, "--smtp", address, "--from", SENDER, "--starttls", "--cafile", cafile,
               "--user", "soumu"]
    monkeypatch.delenv("REPORTGEN_SMTP_PASSWORD", raising=False)
    with pytest.raises(ReportgenError, match="REPORTGEN_SMTP_PASSWORD"):
        mail(out, *options)
    monkeypatch.setenv("REPORTGEN_SMTP_PASSWORD", "wrong")
    with pytest.raises(ReportgenError, match="認証に失敗"):
        mail(out, *options)
    assert handler.envelopes == []
    monkeypatch.setenv("REPORTGEN_SMTP_PASSWORD", "s3cret")
    assert mail(out, *options) == 0
    assert len(handler.envelopes) == 2


def test_user_without_starttls_is_refused(split, monkeypatch):
    out, book = split
    monkeypatch.setenv("REPORTGEN_SMTP_PASSWORD", "s3cret")
    with pytest.raises(ReportgenError, match="--starttls"):
        mail(out, "--addresses", book, "--from", SENDER, "--user", "soumu")


def test_unreachable_server_is_a_clear_error(split):
    out, book = split
    with pytest.raises(ReportgenError, match="接続できません"):
        mail(out, "--addresses", book, "--smtp", f"127.0.0.1:{free_port()}", "--from", SENDER)


# ---------------------------------------------------------------- header injection
@pytest.mark.parametrize("division", ["地域\n振興課", "地域振興課=?UTF-8?Q?=0A?=", "地域振興課\r"])
def test_header_injection_in_a_division_name_stops_everything(tmp_path, server, division):
    out = write_split(tmp_path / "out", [("総務市民局", division, [(1, "事業")], [1, 2]), DIVISIONS[1]])
    book = write_book(tmp_path / "book.csv", [("総務市民局", "総務課", ADDRESSES["総務課"], "")])
    handler, address = server()
    with pytest.raises(ReportgenError) as caught:
        mail(out, "--addresses", book, "--smtp", address, "--from", SENDER)
    assert "files[0].division" in str(caught.value) and "ヘッダー" in str(caught.value)
    assert handler.envelopes == []
    assert not (out / "outbox").exists()


@pytest.mark.parametrize("sender", ["a@x.jp\nBcc: victim@x.jp", "=?UTF-8?Q?=0A?= <a@x.jp>", "a@x.jp, b@x.jp",
                                    "nobody"])
def test_unsafe_or_invalid_from_is_refused(split, server, sender):
    out, book = split
    handler, address = server()
    with pytest.raises(ReportgenError, match="--from"):
        mail(out, "--addresses", book, "--smtp", address, "--from", sender)
    assert handler.envelopes == []


def test_subject_template_producing_a_newline_is_refused(split, server, tmp_path):
    out, book = split
    handler, address = server()
    templates = subject_template(tmp_path, "{{ bureau }}\nBcc: victim@x.jp\n")
    with pytest.raises(ReportgenError, match="subject"):
        mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--templates", templates)
    assert handler.envelopes == []


def test_template_typo_is_an_error_not_an_empty_string(split, tmp_path):
    out, book = split
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "mail_body.txt.j2").write_text("{{ divison }}\n", encoding="utf-8")
    with pytest.raises(ReportgenError, match="未定義"):
        mail(out, "--addresses", book, "--dry-run", "--templates", templates)


# ---------------------------------------------------------------- data errors, all at once
def test_all_errors_are_listed_before_anything_is_sent(tmp_path, server):
    divisions = DIVISIONS + [("総務市民局", "広聴課", [(3, "広聴事業")], [1, 1]),
                             ("総務市民局", "人事課", [(4, "人事事業")], [1, 1])]
    out = write_split(tmp_path / "out", divisions)
    book = write_book(tmp_path / "book.csv", [
        ("総務市民局", "地域振興課", "chiiki@x.jp", ""),          # line 2: fine
        ("総務市民局", "地域振興課", "chiiki2@x.jp", ""),         # line 3: duplicate
        ("総務市民局", "広聴課", '"a@x.jp, b@x.jp"', ""),         # line 4: two mailboxes
        ("総務市民局", "人事課", "jinji.x.jp", ""),               # line 5: malformed
        ("総務市民局", "廃止課", "old@x.jp", ""),                  # line 6: not in the manifest: warning
    ], encoding="cp932")                                          # and CP932 is read
    handler, address = server()
    with pytest.raises(ReportgenError) as caught:
        mail(out, "--addresses", book, "--smtp", address, "--from", SENDER)
    message = str(caught.value)
    assert f"{book}:3: error: 担当課" in message and "重複" in message
    assert f"{book}:4: error: email" in message
    assert f"{book}:5: error: email" in message
    assert f"{book}: error: 担当課: 総務市民局 総務課 の宛先がありません" in message
    assert "廃止課" not in message  # a warning, printed but not an error
    assert len(caught.value.findings) == 4
    assert handler.envelopes == []


def test_unused_address_rows_are_only_a_warning(split, server, tmp_path, capsys):
    out, _ = split
    book = write_book(tmp_path / "book.csv", [("総務市民局", d, a, "") for d, a in ADDRESSES.items()]
                      + [("総務市民局", "廃止課", "old@x.jp", "")])
    handler, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    assert "warning: 担当課: 総務市民局 廃止課" in capsys.readouterr().err
    assert len(handler.envelopes) == 2


@pytest.mark.parametrize("name,problem", [("../outside.xlsx", "相対パス"), ("/etc/passwd.xlsx", "相対パス"),
                                          ("..\\x.xlsx", "相対パス"), ("missing.xlsx", "ファイルがありません"),
                                          ("総務市民局_総務課.pdf", "拡張子")])
def test_attachment_paths_must_exist_inside_out(tmp_path, server, name, problem):
    out = write_split(tmp_path / "out", DIVISIONS[1:], xlsx=name)
    (tmp_path / "outside.xlsx").write_bytes(b"PK")
    book = write_book(tmp_path / "book.csv", [("総務市民局", "総務課", ADDRESSES["総務課"], "")])
    handler, address = server()
    with pytest.raises(ReportgenError, match=problem) as caught:
        mail(out, "--addresses", book, "--smtp", address, "--from", SENDER)
    assert "files[0].xlsx" in str(caught.value)
    assert handler.envelopes == []


def test_symlink_out_of_the_folder_is_refused(tmp_path):
    out = write_split(tmp_path / "out", DIVISIONS[1:], xlsx="link.xlsx")
    (tmp_path / "secret.xlsx").write_bytes(b"PK")
    os.symlink(tmp_path / "secret.xlsx", out / "link.xlsx")
    book = write_book(tmp_path / "book.csv", [("総務市民局", "総務課", ADDRESSES["総務課"], "")])
    with pytest.raises(ReportgenError, match="OUT の外"):
        mail(out, "--addresses", book, "--dry-run")


def test_only_one_format_attaches_only_that_file(tmp_path):
    out = write_split(tmp_path / "out", DIVISIONS[1:], pdf=None)
    book = write_book(tmp_path / "book.csv", [("総務市民局", "総務課", ADDRESSES["総務課"], "")])
    assert mail(out, "--addresses", book, "--dry-run") == 0
    message = email.message_from_bytes(next((out / "outbox").glob("*.eml")).read_bytes(), policy=email.policy.default)
    assert [p.get_content_type() for p in message.iter_attachments()] == [XLSX_TYPE]


@pytest.mark.parametrize("manifest,field", [
    ("{", "manifest"), ("[]", "manifest"),
    ('{"title": "t", "years": [2024], "files": []}', "years"),
    ('{"title": "t", "years": [2024, 2025], "codes": ["R7", "R8"], "files": []}', "codes"),
    ('{"title": "t", "title": "u", "years": [2024, 2025], "files": []}', "manifest"),
    ('{"title": "t", "years": [2024, 2025], "files": [{"bureau": "局", "division": "課", "xlsx": null, "pdf": null,'
     ' "programs": [], "totals": [1, "2"]}]}', "files[0].totals"),
])
def test_bad_manifest_names_the_field(tmp_path, manifest, field):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(manifest, encoding="utf-8")
    book = write_book(tmp_path / "book.csv", [("局", "課", "a@x.jp", "")])
    with pytest.raises(ReportgenError, match=f"manifest.json.*{field.replace('[', '.').replace(']', '.')}"):
        mail(out, "--addresses", book, "--dry-run")


def test_missing_manifest_and_from_for_sending(split, tmp_path):
    out, book = split
    with pytest.raises(ReportgenError, match="reportgen split"):
        mail(tmp_path / "nowhere", "--addresses", book, "--dry-run")
    with pytest.raises(ReportgenError, match="--from"):
        mail(out, "--addresses", book)


# ---------------------------------------------------------------- dry run
def test_dry_run_writes_parseable_eml_files_and_sends_nothing(split, server, capsys):
    out, book = split
    handler, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--dry-run") == 0
    assert handler.envelopes == []
    names = sorted(p.name for p in (out / "outbox").iterdir())
    assert names == ["総務市民局_地域振興課.eml", "総務市民局_総務課.eml"]
    assert not (out / "mail-log.jsonl").exists()  # a dry run attempts no delivery
    message = email.message_from_bytes((out / "outbox" / names[0]).read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "chiiki@city.example.jp"
    assert {p.get_filename() for p in message.iter_attachments()} == {"総務市民局_地域振興課.xlsx", "総務市民局_地域振興課.pdf"}
    assert capsys.readouterr().out.count("written: ") == 2


def test_dry_run_file_names_are_safe_and_distinct(tmp_path):
    hostile = ["../x", "a/b", "a_b", "CON", "課.", "..", "nul.txt", "A_B"]
    out = write_split(tmp_path / "out", [("総務市民局", d, [(1, "事業")], [1, 2]) for d in hostile])
    book = write_book(tmp_path / "book.csv", [("総務市民局", d, f"x{i}@x.jp", "") for i, d in enumerate(hostile)])
    assert mail(out, "--addresses", book, "--dry-run") == 0
    outbox = out / "outbox"
    written = sorted(outbox.iterdir())
    assert len(written) == len(hostile)
    assert len({p.name.casefold() for p in written}) == len(hostile)
    assert not (tmp_path / "out" / "x.eml").exists() and not any((tmp_path / "out").glob("*.eml"))
    for path in written:
        assert path.parent == outbox and path.suffix == ".eml"
        stem = path.name[:-4]
        assert "/" not in path.name and not stem.endswith(".") and stem.split(".")[0].upper() not in {"CON", "NUL"}
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["Message-ID"].endswith("@reportgen.invalid>")  # no --from in a dry run


def test_dry_run_respects_the_send_log(split, server, capsys):
    out, book = split
    handler, address = server()
    handler.refuse = {"soumu@city.example.jp"}
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 1
    capsys.readouterr()
    assert mail(out, "--addresses", book, "--dry-run") == 0
    printed = capsys.readouterr().out
    assert "skipped: 総務市民局 地域振興課" in printed and "written: " in printed
    assert sorted(p.name for p in (out / "outbox").glob("*.eml")) == ["総務市民局_総務課.eml"]


def test_corrupt_send_log_stops_before_sending(split, server):
    out, book = split
    good = {"years": [2024, 2025], "bureau": "総務市民局", "division": "総務課", "status": "sent"}
    (out / "mail-log.jsonl").write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    handler, address = server()
    with pytest.raises(ReportgenError, match=r"mail-log.jsonl:2: error"):
        mail(out, "--addresses", book, "--smtp", address, "--from", SENDER)
    assert handler.envelopes == []


# ---------------------------------------------------------------- faults part way
class DropsConnection(Recorder):
    """Closes the connection instead of answering the `drop_at`-th DATA: that message is lost."""

    def __init__(self, drop_at):
        super().__init__()
        self.drop_at, self.data_commands = drop_at, 0

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        if self.data_commands == self.drop_at:
            server.transport.close()
            return "421 4.3.2 never seen by the client"
        return await super().handle_DATA(server, session, envelope)


def four_divisions(tmp_path):
    divisions = DIVISIONS + [("総務市民局", "広聴課", [(3, "広聴事業")], [1, 1]),
                             ("総務市民局", "人事課", [(4, "人事事業")], [1, 1])]
    out = write_split(tmp_path / "out", divisions)
    book = write_book(tmp_path / "book.csv", [("総務市民局", d, f"{i}@x.jp", "")
                                              for i, (_, d, _, _) in enumerate(divisions)])
    return out, book, {f"{i}@x.jp": d for i, (_, d, _, _) in enumerate(divisions)}


def arrived(handler, mailbox_division):
    return [mailbox_division[message["To"].addresses[0].addr_spec] for message in handler.messages()]


class ShutsDownOnSecondMessage(Recorder):
    async def handle_DATA(self, server, session, envelope):
        if len(self.envelopes) == 1:
            return "421 4.3.2 shutting down"
        return await super().handle_DATA(server, session, envelope)


def test_failure_part_way_leaves_the_log_true_to_what_was_sent(tmp_path, server, capsys):
    out, book, _ = four_divisions(tmp_path)
    handler, address = server(ShutsDownOnSecondMessage())
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 1
    captured = capsys.readouterr()
    assert "failed: 総務市民局 総務課: サーバーが受け付けませんでした: 421 4.3.2 shutting down\n" in captured.err
    assert "failed: 総務市民局 広聴課: 送信中に接続が切れました" in captured.err
    assert "failed: 総務市民局 人事課: 未送信" in captured.err
    assert "送信 1 件" in captured.out and "失敗・未送信 3 件" in captured.out
    log = mail_log(out)  # 人事課 was never attempted: no line
    assert [(e["division"], e["status"]) for e in log] == [("地域振興課", "sent"), ("総務課", "refused"),
                                                            ("広聴課", "failed")]
    assert log[1]["error"] == "421 4.3.2 shutting down" and log[2]["error"]
    assert len(handler.envelopes) == 1


class RefusesTheData(Recorder):
    async def handle_DATA(self, server, session, envelope):
        return "554 5.7.1 rejected by the content filter"


@pytest.mark.parametrize("messages,line", [
    (None, "failed: 総務市民局 総務課: サーバーが受け付けませんでした: 554 5.7.1 rejected by the content filter\n"),
    ("en", "failed: 総務市民局 総務課: the server refused the message (554 5.7.1 rejected by the content filter)\n"),
])
def test_refused_data_shows_the_servers_reply(split, server, capsys, messages, line):
    out, book = split
    _, address = server(RefusesTheData())
    parser = argparse.ArgumentParser()
    add_mail_arguments(parser)
    args = parser.parse_args([str(out), "--addresses", str(book), "--smtp", address, "--from", SENDER])
    args.messages = messages
    assert run_mail(args) == 1
    err = capsys.readouterr().err
    assert line in err and "(メッセージ)" not in err
    assert [e["error"] for e in mail_log(out)] == ["554 5.7.1 rejected by the content filter"] * 2


def test_dropped_connection_then_a_rerun_sends_only_the_rest(tmp_path, server, capsys):
    out, book, division_of = four_divisions(tmp_path)
    broken, address = server(DropsConnection(drop_at=3))
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 1
    assert arrived(broken, division_of) == ["地域振興課", "総務課"]
    captured = capsys.readouterr()
    assert "failed: 総務市民局 広聴課: 送信中に接続が切れました" in captured.err
    assert "failed: 総務市民局 人事課: 未送信" in captured.err
    assert "送信 2 件" in captured.out and "失敗・未送信 2 件" in captured.out
    first = mail_log(out)
    assert [(e["division"], e["status"]) for e in first] == [("地域振興課", "sent"), ("総務課", "sent"),
                                                              ("広聴課", "failed")]  # 人事課: never attempted
    assert "closed" in first[2]["error"] and "refused" not in first[2]

    healthy, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    assert arrived(healthy, division_of) == ["広聴課", "人事課"]
    printed = capsys.readouterr().out
    assert printed.count("skipped: ") == 2 and "送信 2 件" in printed and "失敗・未送信 0 件" in printed
    every = arrived(broken, division_of) + arrived(healthy, division_of)
    assert sorted(every) == sorted(division_of.values())  # each division exactly one mail in total
    log = mail_log(out)
    assert log[:3] == first  # appended, never rewritten
    assert [(e["division"], e["status"]) for e in log[3:]] == [("広聴課", "sent"), ("人事課", "sent")]
    assert log[2]["message_id"] == log[3]["message_id"]  # the retry is recognisably the same message
    assert latest(out) == dict.fromkeys(division_of.values(), "sent")


def test_resend_names_are_checked_before_anything_is_sent(tmp_path, server):
    divisions = DIVISIONS + [("こども局", "総務課", [(5, "こども事業")], [1, 1])]
    out = write_split(tmp_path / "out", divisions)
    book = write_book(tmp_path / "book.csv", [(b, d, f"{i}@x.jp", "") for i, (b, d, _, _) in enumerate(divisions)])
    handler, address = server()
    for name, problem in [("総務課", "2 つあります"), ("地域振興", "もしかして: 地域振興課）"),
                          ("総務市民局/人事課", "manifest にありません")]:
        with pytest.raises(ReportgenError, match=problem) as caught:
            mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--resend", "地域振興課",
                 "--resend", name)
        assert "--resend: error: resend" in str(caught.value) and len(caught.value.findings) == 1
    assert handler.envelopes == [] and not (out / "mail-log.jsonl").exists()

    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER, "--resend", "こども局/総務課") == 0
    assert [m["To"].addresses[0].addr_spec for m in handler.messages()] == ["0@x.jp", "1@x.jp", "2@x.jp", "2@x.jp"]


def test_resend_in_a_dry_run_writes_that_division_only(split):
    out, book = split
    (out / "mail-log.jsonl").write_text("".join(
        json.dumps({"years": [2024, 2025], "bureau": "総務市民局", "division": d, "status": "sent"}) + "\n"
        for d in ("地域振興課", "総務課")), encoding="utf-8")
    assert mail(out, "--addresses", book, "--dry-run", "--resend", "総務課") == 0
    assert [p.name for p in (out / "outbox").iterdir()] == ["総務市民局_総務課.eml"]


def test_a_log_of_another_edition_does_not_count_as_sent(split, server, capsys):
    out, book = split
    old = {"years": [2023, 2024], "bureau": "総務市民局", "division": "総務課", "status": "sent"}
    (out / "mail-log.jsonl").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")  # no final newline
    handler, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    assert len(handler.envelopes) == 2
    assert mail_log(out)[0] == old and len(mail_log(out)) == 3


def test_changed_files_are_pointed_out_when_skipping(split, server, capsys):
    out, book = split
    handler, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    (out / "総務市民局_総務課.pdf").write_bytes(b"%PDF-1.7 corrected")
    capsys.readouterr()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0
    printed = capsys.readouterr().out
    assert "skipped: 総務市民局 総務課（送信済み" in printed and "添付ファイルが変わっています" in printed
    assert printed.count("変わっています") == 1 and len(handler.envelopes) == 2


@pytest.mark.parametrize("link,problem", [("mail-log.jsonl", "mail-log.jsonl: OUT の外"),
                                          ("outbox", "outbox: OUT の外"),
                                          ("outbox/総務市民局_総務課.eml", "総務市民局_総務課.eml: OUT/outbox の外")])
def test_log_and_outbox_symlinked_out_of_the_folder_are_refused(split, tmp_path, link, problem):
    out, book = split
    (tmp_path / "elsewhere").mkdir()
    if "/" in link:
        (out / "outbox").mkdir()
    os.symlink(tmp_path / "elsewhere", out / link)
    with pytest.raises(ReportgenError, match=problem):
        mail(out, "--addresses", book, "--dry-run")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_log_that_cannot_be_written_stops_sending(split, server, monkeypatch, capsys):
    out, book = split
    handler, address = server()

    def full_disk(files):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("reportgen.delivery.send_log.write_files", full_disk)  # where the log is written
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 1
    assert len(handler.envelopes) == 1  # the first went out; then nothing more without a record
    err = capsys.readouterr().err
    assert "送信記録" in err and "No space left" in err and "記録されていません" in err and "未送信" in err


# ---------------------------------------------------------------- end to end: real split output
def workbook_program_numbers(data: bytes) -> set[int]:
    """Every integer under an 事務事業番号 header cell, over all sheets."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    numbers = set()
    for sheet in workbook.worksheets:
        for header in (c for row in sheet.iter_rows() for c in row if c.value == "事務事業番号"):
            for (cell,) in sheet.iter_rows(min_row=header.row + 1, min_col=header.column, max_col=header.column):
                if isinstance(cell.value, int):
                    numbers.add(cell.value)
    return numbers


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_real_split_output_reaches_every_division_once(tmp_path, server):
    publication = load([str(SEED)])
    expected = {part.division: {p.number for p in part.programs}
                for part in reportgen.model.divisions.split_publication(publication)}
    assert len(expected) == 4
    formats = ("xlsx", "pdf") if "xlsx" in RENDERERS else ("pdf",)
    out = tmp_path / "out"
    reportgen.delivery.split.split(publication, str(out), formats)
    mailbox = {division: f"div{i}@city.example.jp" for i, division in enumerate(expected)}
    book = write_book(tmp_path / "book.csv", [("総務市民局", d, a, "") for d, a in mailbox.items()])
    handler, address = server()
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0

    received = {}
    for (_, rcpt_tos, _), message in zip(handler.envelopes, handler.messages()):
        assert len(rcpt_tos) == 1 and rcpt_tos[0] not in received
        received[rcpt_tos[0]] = message
    assert set(received) == set(mailbox.values())  # every division exactly one mail
    for division, numbers in expected.items():
        message = received[mailbox[division]]
        assert division in message["Subject"]
        attachments = list(message.iter_attachments())
        stem = f"総務市民局_{division}"
        assert [a.get_filename() for a in attachments] == [f"{stem}.{fmt}" for fmt in formats]
        for part, fmt in zip(attachments, formats):
            data = part.get_content()
            assert part.get_content_type() == {"xlsx": XLSX_TYPE, "pdf": "application/pdf"}[fmt]
            assert data == (out / f"{stem}.{fmt}").read_bytes()
            if fmt == "xlsx":
                assert workbook_program_numbers(data) == numbers
            else:
                text = pdf_text(data)
                assert division in text
                for program in publication.programs:
                    name = re.sub(r"\s+", "", program.name.by_year[0])
                    assert (name in text) == (program.number in numbers), (division, program.number)
    assert latest(out) == dict.fromkeys(expected, "sent")


def test_read_only_out_stops_before_sending(split, server, monkeypatch):
    out, book = split
    handler, address = server()
    monkeypatch.setattr(os, "access", lambda path, mode: not (mode == os.W_OK and str(path) == str(out)))
    with pytest.raises(ReportgenError, match="書き込めない"):
        mail(out, "--addresses", book, "--smtp", address, "--from", SENDER)
    assert handler.envelopes == []


def test_a_second_run_while_one_is_sending_stops_and_sends_nothing(split, server):
    """Two staff running mail on the same OUT at once must not both send."""
    import fcntl
    out, book = split
    handler, address = server()
    with open(out / "mail-log.lock", "a+b") as held:  # as the first run holds it
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(ReportgenError) as caught:
            mail(out, "--addresses", book, "--smtp", address, "--from", SENDER)
        assert "別の reportgen mail が送信中" in str(caught.value)
        assert handler.envelopes == [] and mail_log(out) == []
    assert mail(out, "--addresses", book, "--smtp", address, "--from", SENDER) == 0  # the lock went with it
    assert len(handler.envelopes) == 2
    with open(out / "mail-log.lock", "a+b") as again:  # and the run released it
        fcntl.flock(again.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
