"""A mail ready to go to one division: what reportgen.delivery.mail builds and sends,
and what reportgen.delivery.send_log records of each attempt to send it."""
from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

from reportgen.delivery.address_book import Recipient
from reportgen.delivery.manifest import Entry


@dataclass(frozen=True)
class Mail:
    entry: Entry
    recipient: Recipient
    key: str  # stable per (edition years, bureau, division)
    message: EmailMessage
    digests: dict[str, str]  # attachment file name -> sha256 of the bytes attached
