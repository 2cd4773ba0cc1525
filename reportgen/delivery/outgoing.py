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
    # the envelope recipients of this attempt: all of the division's, or those the server has not
    # yet accepted (the headers still name everyone, as in the first attempt)
    only_to: tuple[str, ...] | None = None

    @property
    def envelope(self) -> list[str]:
        return list(self.only_to) if self.only_to is not None else self.recipient.envelope

    def accepted(self, status: str, detail: dict) -> list[str]:
        """The envelope recipients the server accepted in one attempt (`send`'s status and
        detail): all when sent, those not refused when only some were, none when the
        message was refused or the connection broke (delivery unknown)."""
        if status == "sent":
            return self.envelope
        if status == "refused" and "refused" in detail:
            return [to for to in self.envelope if to not in detail["refused"]]
        return []
