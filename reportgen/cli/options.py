"""The command line's parser: every option declared once, every word of it — argparse's
own included — in the language of the messages (Japanese unless --messages en, or
--lang en for the commands that take it).

argparse writes its own words in English. Through its public surface: the help
option is our own (add_help=False), `error()` (documented as the method to
override) translates the usage errors argparse raises, and the formatted usage and
help have argparse's three headings replaced."""
from __future__ import annotations

import argparse
import re
import sys
from functools import partial
from typing import NoReturn

from reportgen.messages import say
from reportgen.messages.text import MESSAGE_LANGUAGES, message_language
from reportgen.model.glossary import LANGUAGES

DEFAULT_SOURCES = "seeds"
DEFAULT_OUT = "out"
PAPERS = ("a3", "a4")
SUBTOTALS = ("pillar", "measure")

# argparse's usage errors (its English), and the catalogue's message for each
_ARGPARSE_ERRORS = (
    (re.compile(r"^argument (?P<argument>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$"),
     "argparse.invalid_choice"),
    (re.compile(r"^the following arguments are required: (?P<names>.+)$"), "argparse.required"),
    (re.compile(r"^unrecognized arguments: (?P<names>.+)$"), "argparse.unrecognized"),
    (re.compile(r"^argument (?P<argument>.+?): expected one argument$"), "argparse.expected_one"),
    (re.compile(r"^argument (?P<argument>.+?): expected at least one argument$"), "argparse.expected_at_least_one"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$"), "argparse.ambiguous"),
)


def language_of(argv: list[str]) -> str:
    """The message language asked for on the command line, before it is parsed:
    --messages, else English for --lang en, else Japanese."""
    for index, word in enumerate(argv):
        for option in ("--messages", "--lang"):
            value = (argv[index + 1] if word == option and index + 1 < len(argv)
                     else word.split("=", 1)[1] if word.startswith(option + "=") else None)
            if value is None:
                continue
            if option == "--messages" and value in MESSAGE_LANGUAGES:
                return value
            if option == "--lang" and not any(w == "--messages" or w.startswith("--messages=") for w in argv):
                return message_language(value)
    return "ja"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks the language of the messages."""

    def __init__(self, *args, lang: str = "ja", **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.add_argument("-h", "--help", action="help", help=self.say("help.help"))

    def say(self, message_id: str, **params) -> str:
        return say(message_id, **params).text(self.lang)

    def _localized(self, text: str) -> str:
        for key, english in (("argparse.usage", "usage: "), ("argparse.positionals", "positional arguments:"),
                             ("argparse.options", "options:")):
            text = text.replace(english, self.say(key))
        return text

    def format_usage(self) -> str:
        return self._localized(super().format_usage())

    def format_help(self) -> str:
        return self._localized(super().format_help())

    def error(self, message: str) -> NoReturn:
        for pattern, key in _ARGPARSE_ERRORS:
            match = pattern.match(message)
            if match:
                message = self.say(key, **match.groupdict())
                break
        self.print_usage(sys.stderr)
        self.exit(2, self.say("argparse.error", prog=self.prog, message=message) + "\n")


def new_parser(lang: str, version: str) -> tuple[Parser, object]:
    parser = Parser(prog="reportgen", description=say("help.description").text(lang), lang=lang)
    parser.add_argument("--version", action="version", version=f"reportgen {version}",
                        help=parser.say("help.version"))
    add_debug(parser)
    add_messages(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                     parser_class=partial(Parser, lang=lang))
    return parser, commands


def command(commands, name: str, lang: str) -> Parser:
    return commands.add_parser(name, help=say(f"command.{name}").text(lang),
                               description=say(f"command.{name}").text(lang))


# ---------------------------------------------------------------- options, each declared once

def add_debug(parser: Parser, suppress: bool = False) -> None:
    parser.add_argument("--debug", action="store_true", help=parser.say("help.debug"),
                        **({"default": argparse.SUPPRESS} if suppress else {}))


def add_messages(parser: Parser, suppress: bool = False) -> None:
    parser.add_argument("--messages", choices=MESSAGE_LANGUAGES, help=parser.say("help.messages"),
                        default=argparse.SUPPRESS if suppress else None)


def add_sources(parser: Parser) -> None:
    parser.add_argument("sources", nargs="*", metavar="SOURCES",
                        help=parser.say("help.sources", default=DEFAULT_SOURCES))
    add_bureau(parser)


def add_bureau(parser: Parser) -> None:
    parser.add_argument("--bureau", help=parser.say("help.bureau"))


def add_out(parser: Parser, default: str) -> None:
    parser.add_argument("-o", "--out", default=default, help=parser.say("help.out", default=default))


def add_paper(parser: Parser) -> None:
    parser.add_argument("--paper", choices=PAPERS, default="a3", help=parser.say("help.paper"))


def add_edition(parser: Parser) -> None:
    """How an edition is built and drawn: subtotals, font, language, glossary, templates."""
    add_paper(parser)
    parser.add_argument("--subtotals", choices=SUBTOTALS, default="pillar", help=parser.say("help.subtotals"))
    parser.add_argument("--font", help=parser.say("help.font"))
    add_lang(parser, "help.lang")
    add_glossary(parser)
    parser.add_argument("--templates", help=parser.say("help.templates"))


def add_lang(parser: Parser, help_id: str) -> None:
    # no argparse choices: "ja,en" names two editions, and Options says what is wrong with a value
    parser.add_argument("--lang", default="ja", metavar="{" + ",".join(LANGUAGES) + "}", help=parser.say(help_id))


def add_glossary(parser: Parser) -> None:
    parser.add_argument("--glossary", help=parser.say("help.glossary"))


def add_quiet(parser: Parser, help_id: str = "help.quiet") -> None:
    parser.add_argument("-q", "--quiet", action="store_true", help=parser.say(help_id))
