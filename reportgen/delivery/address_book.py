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

from reportgen.model.findings import Finding, ReportgenError, Severity, Text, english
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
        return Text(f"改行・制御文字 ({name}) はメールのヘッダーに使えません",
                    f"line breaks and control characters ({name}) cannot go into a mail header")
    if "=?" in value:
        return Text("「=?」(MIME encoded-word) はメールのヘッダーに使えません",
                    '"=?" (MIME encoded-word) cannot go into a mail header')
    return None


def _check_mailbox(address: Address) -> Text | None:
    if not address.username or not address.domain:
        return Text("メールアドレスとして読めません（@ の前後が必要です）",
                    "not an email address (it needs text before and after the @)")
    if not address.addr_spec.isascii():
        return Text("メールアドレスに全角・非 ASCII 文字があります",
                    "the email address has full-width or other non-ASCII characters")
    return None


def _invalid(ja: str, en: str) -> ValueError:
    """The ValueError of an unusable address: its argument is a Text (Japanese, with `.en`)."""
    return ValueError(Text(ja, en))


def parse_mailboxes(value: str) -> list[Address]:
    """Every mailbox of a comma-separated list; ValueError says what is wrong."""
    problem = header_problem(value)
    if problem:
        raise ValueError(problem)
    try:
        header = policy.default.header_factory("to", value)
    except Exception:  # noqa: BLE001 - the parser raises IndexError & co. on junk
        raise _invalid("メールアドレスとして読めません", "not an email address") from None
    if header.defects:
        raise _invalid(f"メールアドレスとして読めません（{header.defects[0]}）",
                       f"not an email address ({header.defects[0]})")
    if any(group.display_name is not None for group in header.groups):
        raise _invalid("グループ形式 (名前: …;) のアドレスは使えません",
                       "group addresses (name: …;) cannot be used")
    addresses = list(header.addresses)
    for address in addresses:
        problem = _check_mailbox(address)
        if problem:
            raise ValueError(problem)
    simple = [spec for _, spec in getaddresses([value])]
    if simple != [a.addr_spec for a in addresses]:
        raise _invalid("メールアドレスの区切りがあいまいです（カンマ区切りで、名前は \"…\" で囲んでください）",
                       'the addresses are not clearly separated (separate them with commas, '
                       'put names in "…")')
    return addresses


def parse_mailbox(value: str) -> Address:
    """Exactly one mailbox, or ValueError."""
    if value.strip() and "@" not in value:
        raise _invalid("メールアドレスに @ がありません", "the email address has no @")
    addresses = parse_mailboxes(value)
    if len(addresses) != 1:
        if addresses:
            raise _invalid(f"宛先は 1 つだけ書けます（{len(addresses)} 件あります）",
                           f"only one address is allowed here ({len(addresses)} given)")
        raise _invalid("メールアドレスがありません", "no email address")
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
        findings = [Finding(Severity.ERROR, Location(self.path), f"{bureau} {division} の宛先がありません", DIVISION,
                            f"no address for {bureau} {division}")
                    for bureau, division in divisions if (bureau, division) not in self.listed]
        findings += [Finding(Severity.WARNING, r.location, f"{r.bureau} {r.division} は送付対象にありません（この行は使いません）",
                             DIVISION, f"{r.bureau} {r.division} receives no files (this row is not used)")
                     for key, r in self.recipients.items() if key not in wanted]
        return findings


def read_address_book(path: str) -> AddressBook:
    """Read every row; problems are collected in `findings`, not raised (except unreadable files)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(path), f"宛先表を読めません: {exc.strerror}",
                                     "addresses", f"cannot read the address book: {exc.strerror}")) from None
    text, _ = decode(data, path)
    return parse_address_book(text, path)


def parse_address_book(text: str, path: str) -> AddressBook:
    findings: list[Finding] = []
    recipients: dict[tuple[str, str], Recipient] = {}

    def error(line: int, field: str, message: str, en: str) -> None:
        findings.append(Finding(Severity.ERROR, Location(path, line), message, field, en))

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = []
        last = 0
        for row in reader:
            rows.append((last + 1, row))
            last = reader.line_num
    except csv.Error as exc:
        raise ReportgenError(Finding(Severity.ERROR, Location(path, reader.line_num), f"CSV として読めません: {exc}",
                                     "addresses", f"not a readable CSV file: {exc}")) from None
    rows = [(line, [cell.strip(_SPACES) for cell in row]) for line, row in rows if any(c.strip(_SPACES) for c in row)]
    if not rows:
        raise ReportgenError(Finding(Severity.ERROR, Location(path), "宛先表が空です", "header",
                                     "the address book is empty"))
    header_line, header = rows[0]
    names = [name if name in (BUREAU, DIVISION) else name.lower() for name in header]
    columns = {name: i for i, name in enumerate(names) if name in (*_REQUIRED, CC)}
    missing = [name for name in _REQUIRED if name not in columns]
    repeated = sorted({name for name in columns if names.count(name) > 1})
    if missing or repeated:
        if missing:
            problem, problem_en = f"列 {', '.join(missing)} がありません", f"column {', '.join(missing)} missing"
        else:
            problem, problem_en = (f"列 {', '.join(repeated)} が重複しています",
                                   f"column {', '.join(repeated)} appears twice")
        raise ReportgenError(Finding(Severity.ERROR, Location(path, header_line),
                                     f"{problem}（見出しは 局, 担当課, email, cc）", "header",
                                     f"{problem_en} (the headings are 局, 担当課, email, cc)"))
    first_line: dict[tuple[str, str], int] = {}
    for line, row in rows[1:]:
        if len(row) > len(header):
            error(line, "row", f"列が多すぎます（{len(row)} 列、見出しは {len(header)} 列）。"
                               "カンマを含むセルは \"…\" で囲んでください",
                  f"too many columns ({len(row)}; the header has {len(header)}): "
                  'put cells that contain a comma in "…"')
            continue
        cell = {name: (row[i] if i < len(row) else "") for name, i in columns.items()}
        bureau, division = cell[BUREAU], cell[DIVISION]
        bad = False
        for field in (BUREAU, DIVISION):
            if not cell[field]:
                error(line, field, "空欄です", "blank")
                bad = True
        try:
            to = parse_mailbox(cell[EMAIL])
        except ValueError as exc:
            error(line, EMAIL, f"「{cell[EMAIL]}」: {exc}", f'"{cell[EMAIL]}": {english(exc)}')
            bad = True
        try:
            cc = tuple(parse_mailboxes(cell.get(CC, "")))
        except ValueError as exc:
            error(line, CC, f"「{cell[CC]}」: {exc}", f'"{cell[CC]}": {english(exc)}')
            bad = True
        key = (bureau, division)
        if key in first_line:
            error(line, DIVISION, f"{bureau} {division} の行が重複しています（{first_line[key]} 行目にもあります）",
                  f"{bureau} {division} has two rows (also line {first_line[key]})")
            continue
        first_line[key] = line
        if not bad:
            recipients[key] = Recipient(bureau, division, to, cc, Location(path, line))
    return AddressBook(path, recipients, tuple(findings), frozenset(first_line))
