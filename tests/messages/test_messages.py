"""The message catalogue: every sentence in Japanese and English under one id, and no
message text written anywhere else in the package."""
import ast
import re
import string

from conftest import ROOT

from reportgen.messages import CATALOGUE, say
from reportgen.messages.text import Text

PACKAGE = ROOT / "reportgen"
KANA = re.compile(r"[\u3040-\u30ff]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# English that keeps a Japanese word on purpose: the name of the thing as Excel shows it to a Japanese user
JAPANESE_IN_ENGLISH = {"workbook.array_formula"}


def parameters(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_japanese_and_english_with_the_same_parameters():
    for key, (ja, en) in CATALOGUE.items():
        assert ja.strip() and en.strip(), key
        assert re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", key), key
        ja_params, en_params = parameters(ja), parameters(en)
        # a value written differently in English may come as NAME_en beside NAME
        assert {p.removesuffix("_en") for p in en_params} <= ja_params | {p.removesuffix("_en") for p in ja_params}, key
        assert all(p in en_params or p + "_en" in en_params for p in ja_params), key
        if key not in JAPANESE_IN_ENGLISH:  # English, though it may quote the document's own words
            letters = [c for c in en if c.isalpha()]
            assert sum(c.isascii() for c in letters) > len(letters) / 2, (key, en)


def test_say_formats_both_languages_and_a_text_parameter_in_each():
    inner = say("cli.error")
    message = say("cli.internal_error", kind="X", detail=inner)
    assert isinstance(message, Text) and "X: エラー（" in message and "X: error (" in message.en


def _source_files():
    return [p for p in PACKAGE.rglob("*.py") if "messages" not in p.relative_to(PACKAGE).parts]


def _literal_text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal_text(node.left) + _literal_text(node.right)
    return ""


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def test_every_id_said_is_in_the_catalogue_and_every_entry_is_said():
    said = set()
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", node.args[0].value):
                said.add(node.args[0].value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", node.value) and node.value in CATALOGUE:
                said.add(node.value)  # ids kept in tables (e.g. argparse's errors)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant) \
                    and re.fullmatch(r"[a-z_]+\.", str(node.values[0].value)):
                said |= {key for key in CATALOGUE if key.startswith(node.values[0].value)}  # f"command.{name}"
    unknown = {key for key in said if key.split(".")[0] in {k.split(".")[0] for k in CATALOGUE}} - set(CATALOGUE)
    assert unknown == set()
    assert set(CATALOGUE) - said == set()


MESSAGE_CALLS = ("Finding", "ReportgenError", "print", "error", "warn", "report", "problem", "_fail", "_error",
                 "_say", "line", "raw")


def message_problems(source: str, filename: str) -> list[str]:
    """Each place in `source` that writes message text itself instead of saying an id."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name, where = _name(node), f"{filename}:{node.lineno}"
        if name == "Text":
            problems.append(f"{where}: Text(…) (use say)")
        elif name in MESSAGE_CALLS or name.endswith(("Error", "Problem", "Exception")):
            # the field (a column heading) names a column, it is no message: Finding's 4th argument
            args = node.args[:3] if name == "Finding" else node.args
            values = [*args, *(k.value for k in node.keywords if k.arg != "field")]
            if any(KANA.search(_literal_text(value)) for value in values):
                problems.append(f"{where}: {name}(…) with message text")
    return problems


def test_no_message_text_is_written_at_a_call_site():
    """Messages are made only by say(): no Text(...) of our own, and no Japanese literal
    handed to a Finding, an error, a print or a message helper."""
    problems = []
    for path in _source_files():
        problems += message_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert problems == []


def test_the_scan_finds_message_text_at_a_call_site():
    bad = """
Finding(Severity.ERROR, where, "予算額がありません", "予算額")
Finding(Severity.ERROR, where, say("text.no_budget"), "予算額")
raise ReportgenError("読めません", "cannot read")
context.report(Severity.NOTICE, 3, message, "予算額", en="ignored")
print(f"{n} 件を読みました")
Text("日本語", "English")
"""
    assert message_problems(bad, "bad.py") == [
        "bad.py:2: Finding(…) with message text", "bad.py:4: ReportgenError(…) with message text",
        "bad.py:6: print(…) with message text", "bad.py:7: Text(…) (use say)"]
