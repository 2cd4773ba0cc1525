"""The address book: which mailbox receives each division's (局 + 担当課) sheets.

A CSV with the header 局, 担当課, email and optionally cc, in UTF-8 (with or
without BOM) or CP932. Each division has exactly one row; `email` holds exactly
one mailbox (`tanaka@city.example.jp` or `地域振興課 <chiiki@city.example.jp>`),
`cc` a comma-separated list of mailboxes. Addresses are parsed with the email
package's strict header parser and cross-checked with email.utils, so a cell
that two parsers read differently is an error, not a guess.

Header safety (CVE-2024-6923): a value that goes into a mail header must not
carry CR, LF, any other line break or control character, or an encoded word
(`=?`); `header_problem` says why a value is refused.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.utils import getaddresses

from reportgen.messages import say
from reportgen.model.findings import Finding, ReportgenError, Severity, Text
from reportgen.model.publication import Location
from reportgen.readers.decoding import decode

BUREAU, DIVISION, EMAIL, CC = "局", "担当課", "email", "cc"
_REQUIRED = (BUREAU, DIVISION, EMAIL)
_SPACES = " \t\u3000"
# C0 controls, DEL, C1 controls and every character str.splitlines() breaks on.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def header_problem(value: str) -> Text | None:
    """Why `value` must not go into a mail header (Japanese, with `.en`), or None when it is safe."""
    bad = _UNSAFE.search(value)
    if bad:
        name = {"\r": "CR", "\n": "LF"}.get(bad.group(), f"U+{ord(bad.group()):04X}")
        return say("address_book.control_character", name=name)
    if "=?" in value:
        return say("address_book.encoded_word")
    return None


def _check_mailbox(address: Address) -> Text | None:
    if not address.username or not address.domain:
        return say("address_book.incomplete_address")
    if not address.addr_spec.isascii():
        return say("address_book.non_ascii_address")
    return None


def _invalid(message_id: str, **params) -> ValueError:
    """The ValueError of an unusable address: its argument is a Text (Japanese, with `.en`)."""
    return ValueError(say(message_id, **params))


def parse_mailboxes(value: str) -> list[Address]:
    """Every mailbox of a comma-separated list; ValueError says what is wrong."""
    problem = header_problem(value)
    if problem:
        raise ValueError(problem)
    try:
        header = policy.default.header_factory("to", value)
    except Exception:  # noqa: BLE001 - the parser raises IndexError & co. on junk
        raise _invalid("address_book.not_an_address") from None
    if header.defects:
        raise _invalid("address_book.address_defect", defect=header.defects[0])
    if any(group.display_name is not None for group in header.groups):
        raise _invalid("address_book.group_address")
    addresses = list(header.addresses)
    for address in addresses:
        problem = _check_mailbox(address)
        if problem:
            raise ValueError(problem)
    simple = [spec for _, spec in getaddresses([value])]
    if simple != [a.addr_spec for a in addresses]:
        raise _invalid("address_book.unclear_separators")
    return addresses


def parse_mailbox(value: str) -> Address:
    """Exactly one mailbox, or ValueError."""
    if value.strip() and "@" not in value:
        raise _invalid("address_book.no_at_sign")
    addresses = parse_mailboxes(value)
    if len(addresses) != 1:
        if addresses:
            raise _invalid("address_book.more_than_one_address", count=len(addresses))
        raise _invalid("address_book.no_address")
    return addresses[0]


@dataclass(frozen=True)
class Recipient:
    bureau: str
    division: str
    to: Address
    cc: tuple[Address, ...]
    location: Location

    @property
    def envelope(self) -> list[str]:
        """The envelope recipients, each once."""
        return list(dict.fromkeys([self.to.addr_spec, *(a.addr_spec for a in self.cc)]))


@dataclass(frozen=True)
class AddressBook:
    path: str
    recipients: dict[tuple[str, str], Recipient]  # the valid rows
    findings: tuple[Finding, ...]  # errors about the book itself
    listed: frozenset[tuple[str, str]] = frozenset()  # every division with a row, valid or not

    def match(self, divisions: list[tuple[str, str]]) -> list[Finding]:
        """An error for each division without a row; a warning for each unused row."""
        wanted = set(divisions)
        findings = [Finding(Severity.ERROR, Location(self.path),
                            say("address_book.no_row", bureau=bureau, division=division), DIVISION)
                    for bureau, division in divisions if (bureau, division) not in self.listed]
        findings += [Finding(Severity.WARNING, r.location,
                             say("address_book.unused_row", bureau=r.bureau, division=r.division), DIVISION)
                     for key, r in self.recipients.items() if key not in wanted]
        return findings


def read_address_book(path: str) -> AddressBook:
    """Read every row; problems are collected in `findings`, not raised (except unreadable files)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(path),
                                     say("address_book.unreadable", reason=exc.strerror), "addresses")) from None
    text, _ = decode(data, path)
    return parse_address_book(text, path)


def parse_address_book(text: str, path: str) -> AddressBook:
    findings: list[Finding] = []
    recipients: dict[tuple[str, str], Recipient] = {}

    def error(line: int, field: str, message: Text) -> None:
        findings.append(Finding(Severity.ERROR, Location(path, line), message, field))

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = []
        last = 0
        for row in reader:
            rows.append((last + 1, row))
            last = reader.line_num
    except csv.Error as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(path, reader.line_num),
                                     say("address_book.not_csv", problem=exc), "addresses")) from None
    rows = [(line, [cell.strip(_SPACES) for cell in row]) for line, row in rows if any(c.strip(_SPACES) for c in row)]
    if not rows:
        raise ReportgenError(Finding(Severity.ERROR, Location(path), say("address_book.empty"), "header"))
    header_line, header = rows[0]
    names = [name if name in (BUREAU, DIVISION) else name.lower() for name in header]
    columns = {name: i for i, name in enumerate(names) if name in (*_REQUIRED, CC)}
    missing = [name for name in _REQUIRED if name not in columns]
    repeated = sorted({name for name in columns if names.count(name) > 1})
    if missing or repeated:
        problem = (say("address_book.missing_columns", columns=", ".join(missing)) if missing
                   else say("address_book.repeated_columns", columns=", ".join(repeated)))
        raise ReportgenError(Finding(Severity.ERROR, Location(path, header_line), problem, "header"))
    first_line: dict[tuple[str, str], int] = {}
    for line, row in rows[1:]:
        if len(row) > len(header):
            error(line, "row", say("address_book.too_many_columns", count=len(row), header=len(header)))
            continue
        cell = {name: (row[i] if i < len(row) else "") for name, i in columns.items()}
        bureau, division = cell[BUREAU], cell[DIVISION]
        bad = False
        for field in (BUREAU, DIVISION):
            if not cell[field]:
                error(line, field, say("address_book.blank"))
                bad = True
        try:
            to = parse_mailbox(cell[EMAIL])
        except ValueError as exc:
            error(line, EMAIL, say("address_book.bad_address", value=cell[EMAIL], problem=exc))
            bad = True
        try:
            cc = tuple(parse_mailboxes(cell.get(CC, "")))
        except ValueError as exc:
            error(line, CC, say("address_book.bad_address", value=cell[CC], problem=exc))
            bad = True
        key = (bureau, division)
        if key in first_line:
            error(line, DIVISION, say("address_book.repeated_row", bureau=bureau, division=division,
                                      first=first_line[key]))
            continue
        first_line[key] = line
        if not bad:
            recipients[key] = Recipient(bureau, division, to, cc, Location(path, line))
    return AddressBook(path, recipients, tuple(findings), frozenset(first_line))
