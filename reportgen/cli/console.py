"""Everything the command line prints goes through here: findings, result lines and
progress, each in the language of the messages."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from reportgen.messages import say
from reportgen.model.findings import Finding, Severity

BAR_WIDTH = 30
PLAIN_EVERY = 10.0  # seconds between progress lines when stderr is not a terminal


class Console:
    def __init__(self, lang: str = "ja", quiet: bool = False, err: TextIO | None = None,
                 out: TextIO | None = None) -> None:
        self.lang, self.quiet = lang, quiet
        self.err = err if err is not None else sys.stderr
        self.out = out if out is not None else sys.stdout
        self._last_plain = 0.0
        self._bar_open = False

    def say(self, message_id: str, **params) -> str:
        return say(message_id, **params).text(self.lang)

    def line(self, message_id: str, **params) -> None:
        """A result line on stdout."""
        print(self.say(message_id, **params), file=self.out)

    def raw(self, text: str) -> None:
        """A line of data (a path written, a change) on stdout."""
        print(text, file=self.out)

    def error(self, text: str) -> None:
        """A line about a failure, on stderr."""
        print(text, file=self.err)

    def findings(self, findings: list[Finding] | tuple[Finding, ...]) -> None:
        for finding in findings:
            if self.quiet and finding.severity is Severity.NOTICE:
                continue
            print(finding.text(self.lang), file=self.err)

    def progress(self, message_id: str):
        """A `progress(done, total)` callback: a bar on a terminal, a plain line every
        PLAIN_EVERY seconds (and the last) otherwise; nothing when quiet."""
        def show(done: int, total: int) -> None:
            if self.quiet:
                return
            if self.err.isatty():
                filled = BAR_WIDTH * done // max(total, 1)
                bar = "#" * filled + "." * (BAR_WIDTH - filled)
                print("\r" + self.say(message_id, bar=bar, done=done, total=total), end="", file=self.err,
                      flush=True)
                self._bar_open = done < total
                if done >= total:
                    print(file=self.err)
                return
            now = time.monotonic()
            if done >= total or now - self._last_plain >= PLAIN_EVERY:
                self._last_plain = now
                print(self.say(message_id, bar="", done=done, total=total).replace("[] ", ""), file=self.err,
                      flush=True)
        return show
