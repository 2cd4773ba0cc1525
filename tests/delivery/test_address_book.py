import pytest

from reportgen.delivery.address_book import (
    header_problem,
    parse_address_book,
    parse_mailbox,
    parse_mailboxes,
    read_address_book,
)
from reportgen.model.findings import ReportgenError, Severity

HEADER = "局,担当課,email,cc\n"


def errors(book):
    return [f for f in book.findings if f.severity is Severity.ERROR]


@pytest.mark.parametrize("value", ["a@example.jp", "地域振興課 <chiiki@city.example.jp>", "<a@example.jp>",
                                   '"Sato, Ken" <sato@example.jp>', "a@[192.0.2.1]"])
def test_one_mailbox_is_accepted(value):
    assert parse_mailbox(value).addr_spec.endswith(("example.jp", "[192.0.2.1]"))


@pytest.mark.parametrize("value", [
    "a@b.jp, c@d.jp",            # two addresses
    "Name <a@b.jp> <c@d.jp>",    # two angle addresses
    "abc", "a@", "@b.jp", "",    # no '@', empty parts, nothing
    "a@b.jp; c@d.jp",            # Outlook's separator
    "grp: a@b.jp;",              # a group
    "a..b@c.jp", "a b@c.jp",     # malformed local part
    "tanaka@市.jp",               # not ASCII
    "a@b.jp\nBcc: x@evil.jp", "=?UTF-8?Q?=0A?= <a@b.jp>", "a@b.jp\r",
])
def test_anything_but_one_mailbox_is_refused(value):
    with pytest.raises(ValueError):
        parse_mailbox(value)


def test_cc_is_a_list_of_mailboxes():
    assert [a.addr_spec for a in parse_mailboxes("a@b.jp, 課長 <c@d.jp>")] == ["a@b.jp", "c@d.jp"]
    assert parse_mailboxes("") == []
    with pytest.raises(ValueError):
        parse_mailboxes("a@b.jp; c@d.jp")


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\u2028b", "a\x00b", "=?utf-8?q?x?=", "a=?b"])
def test_header_problem(value):
    assert header_problem(value)


def test_header_problem_allows_ordinary_japanese():
    assert header_problem("総務市民局 地域振興課（R6）") is None


def test_rows_are_read_with_cc_and_display_names():
    book = parse_address_book(HEADER + '総務市民局,地域振興課,地域振興課 <chiiki@x.jp>,"a@x.jp, b@x.jp"\n'
                                       "総務市民局, 総務課 ,soumu@x.jp,\n", "book.csv")
    assert not book.findings
    chiiki = book.recipients[("総務市民局", "地域振興課")]
    assert str(chiiki.to) == "地域振興課 <chiiki@x.jp>"
    assert chiiki.envelope == ["chiiki@x.jp", "a@x.jp", "b@x.jp"]
    assert book.recipients[("総務市民局", "総務課")].cc == ()  # cells are trimmed


def test_cc_column_is_optional_and_headers_are_case_insensitive():
    book = parse_address_book("局,担当課,Email,備考\n総務市民局,総務課,soumu@x.jp,メモ\n", "book.csv")
    assert not book.findings and book.recipients[("総務市民局", "総務課")].to.addr_spec == "soumu@x.jp"


def test_every_bad_row_is_listed_with_its_line_and_field():
    text = (HEADER
            + "総務市民局,地域振興課,a@x.jp, b@x.jp,\n"            # line 2: unquoted comma -> too many columns
            + '総務市民局,総務課,"a@x.jp, b@x.jp",\n'              # line 3: two mailboxes
            + "総務市民局,広聴課,koucho.x.jp,\n"                   # line 4: no '@'
            + '総務市民局,人事課,jinji@x.jp,"c@x.jp; d@x.jp"\n'    # line 5: bad cc
            + "総務市民局,人事課,jinji2@x.jp,\n"                   # line 6: duplicate of line 5
            + ",文書課,bunsho@x.jp,\n")                            # line 7: no bureau
    book = parse_address_book(text, "book.csv")
    found = [(str(f.location), f.field) for f in errors(book)]
    assert found == [("book.csv:2", "row"), ("book.csv:3", "email"), ("book.csv:4", "email"),
                     ("book.csv:5", "cc"), ("book.csv:6", "担当課"), ("book.csv:7", "局")]
    assert "5 行目" in str(errors(book)[4])


def test_missing_division_is_an_error_and_unused_row_a_warning():
    book = parse_address_book(HEADER + "総務市民局,総務課,soumu@x.jp,\n", "book.csv")
    findings = book.match([("総務市民局", "地域振興課")])
    assert [(f.severity, f.field) for f in findings] == [(Severity.ERROR, "担当課"), (Severity.WARNING, "担当課")]
    assert "地域振興課" in str(findings[0]) and "book.csv:2" in str(findings[1])


def test_a_row_with_errors_is_not_also_reported_missing():
    book = parse_address_book(HEADER + "総務市民局,総務課,bad,\n", "book.csv")
    assert book.match([("総務市民局", "総務課")]) == []
    assert len(errors(book)) == 1


def test_quoted_cell_spanning_lines_keeps_the_starting_line():
    book = parse_address_book(HEADER + '総務市民局,総務課,"a@x.jp\nb@x.jp",\n総務市民局,人事課,bad,\n', "book.csv")
    assert [str(f.location) for f in errors(book)] == ["book.csv:2", "book.csv:4"]


@pytest.mark.parametrize("text", ["", "局,email\n総務市民局,a@x.jp\n", "局,担当課,email,email\n"])
def test_bad_header_is_an_error(text):
    with pytest.raises(ReportgenError) as caught:
        parse_address_book(text, "book.csv")
    assert "book.csv" in str(caught.value)


@pytest.mark.parametrize("encoding,bom", [("cp932", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b"")])
def test_cp932_and_utf8_files_are_read(tmp_path, encoding, bom):
    path = tmp_path / "book.csv"
    path.write_bytes(bom + (HEADER + "総務市民局,地域振興課,地域振興課 <chiiki@x.jp>,\r\n").encode(encoding))
    book = read_address_book(str(path))
    assert not book.findings
    assert book.recipients[("総務市民局", "地域振興課")].to.display_name == "地域振興課"


def test_undecodable_or_missing_file_is_an_error(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes(b"\xff\xfe\x00garbage\x81")
    with pytest.raises(ReportgenError, match="offset"):
        read_address_book(str(path))
    with pytest.raises(ReportgenError, match="読めません"):
        read_address_book(str(tmp_path / "none.csv"))
