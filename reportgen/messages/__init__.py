"""The message catalogue: every sentence reportgen says to a person, once, in Japanese
and English, under an id.

Call sites name the id and give the parameters: `say("text.too_few_columns",
count=3, needed=19)` returns a `Text` — the Japanese string carrying its English
in `.en` — that a Finding, a ReportgenError or a printed line takes as it is.
The catalogue is split by the pipeline's stages (one module each, ids prefixed by
the stage); `CATALOGUE` joins them and refuses an id defined twice.

Each entry is `id: (japanese, english)`, both `str.format` templates over the same
named parameters (checked by tests/messages/test_messages.py).
"""
from __future__ import annotations

from collections.abc import Iterable

from reportgen.messages import cli, cycle, delivery, model, readers, renderers, report
from reportgen.messages.text import Text

_AREAS = (model, readers, report, renderers, delivery, cycle, cli)


def _join() -> dict[str, tuple[str, str]]:
    joined: dict[str, tuple[str, str]] = {}
    for area in _AREAS:
        for key, pair in area.MESSAGES.items():
            if key in joined:
                raise ValueError(f"message id {key} is defined twice")
            joined[key] = pair
    return joined


CATALOGUE: dict[str, tuple[str, str]] = _join()


def say(message_id: str, **params) -> Text:
    """The message `message_id` with its parameters, in Japanese carrying its English.
    A parameter that is itself a message (a Text, or an exception raised with one:
    why an address or a file name was refused) is given in each language."""
    ja, en = CATALOGUE[message_id]
    params = {key: _message(value) for key, value in params.items()}
    english = {key: value.en if isinstance(value, Text) else value for key, value in params.items()}
    return Text(ja.format(**params), en.format(**english))


def _message(value: object) -> object:
    if isinstance(value, BaseException) and len(value.args) == 1 and isinstance(value.args[0], Text):
        return value.args[0]
    return value


def listing(items: Iterable[object]) -> Text:
    """Names listed as each language lists them: 「a、b」 and "a, b"."""
    items = [str(item) for item in items]
    return Text("、".join(items), ", ".join(items))


def relayed(japanese: str, english: str) -> Text:
    """A message made elsewhere (a ReportgenError's text, a library's error), passed on
    as it is in each language."""
    return Text(japanese, english or japanese)
