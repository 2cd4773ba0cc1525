"""The command line's parser: the language it speaks, and options declared once."""
from __future__ import annotations

import pytest

from reportgen.cli import options as opt
from reportgen.cli.commands import main


@pytest.mark.parametrize("argv,language", [
    (["build"], "ja"),
    (["build", "--lang", "en"], "en"),
    (["build", "--lang=en"], "en"),
    (["build", "--lang", "ja+en"], "ja"),  # a bilingual edition speaks the official language
    (["build", "--lang", "ja,en"], "ja"),  # so do several editions at once
    (["build", "--lang", "en", "--messages", "ja"], "ja"),  # --messages wins
    (["--messages", "en", "rollforward"], "en"),
    (["build", "--messages", "fr"], "ja"),  # not a message language: argparse says so, in Japanese
])
def test_the_message_language_is_known_before_parsing(argv, language):
    assert opt.language_of(argv) == language


def test_argparse_speaks_the_messages_language(capsys):
    for lang, heading in (("ja", "使い方"), ("en", "usage")):
        parser = opt.Parser(prog="reportgen", lang=lang)
        assert parser.format_usage().startswith(f"{heading}: reportgen")


def test_a_list_of_editions_passes_the_parser_and_a_bad_one_is_named(tmp_path, capsys):
    code = main(["build", "seeds", "-o", str(tmp_path / "out"), "--lang", "ja,fr", "-q"])
    assert code == 1
    err = capsys.readouterr().err
    assert "--lang" in err and "ja,fr" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_every_command_takes_messages_after_its_name(capsys):
    for command in ("build", "check", "split", "rollforward", "collect", "diff", "mail"):
        with pytest.raises(SystemExit) as caught:
            main([command, "--messages", "en", "--help"])
        assert caught.value.code == 0
        assert "usage: reportgen" in capsys.readouterr().out, command
