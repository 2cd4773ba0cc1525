"""A message in Japanese carrying its English, and the languages messages are printed in."""
from __future__ import annotations

MESSAGE_LANGUAGES = ("ja", "en")


def message_language(lang: str | None) -> str:
    """The language messages are printed in for a display language: 'en' for en, else
    Japanese (ja, and ja+en: bilingual publications print their messages in the official language)."""
    return "en" if lang == "en" else "ja"


class Text(str):
    """A Japanese message that carries its English: it is the Japanese `str`; `.en` is the English."""

    en: str

    def __new__(cls, ja: str, en: str) -> "Text":
        text = super().__new__(cls, ja)
        text.en = en
        return text

    def text(self, lang: str = "ja") -> str:
        return self.en if message_language(lang) == "en" else str(self)


def english(value: object) -> str:
    """The English of a Text (or of an exception raised with one); any other value's own text."""
    if isinstance(value, BaseException):
        value = value.args[0] if len(value.args) == 1 else str(value)
    return getattr(value, "en", None) or str(value)
