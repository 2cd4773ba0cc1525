"""reportgen reaches libraries only through their public APIs, and importing or
using it changes nothing outside the package."""
import ast
import os
import shutil
import subprocess
import sys

from conftest import ROOT, SEED

PACKAGE = ROOT / "reportgen"


def modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_no_private_name_of_another_library_is_imported():
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module != "__future__":
                private = [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
                if private or any(part.startswith("_") for part in (node.module or "").split(".")):
                    found.append(f"{path.name}:{node.lineno} from {node.module} import {private}")
            elif isinstance(node, ast.Import):
                found += [f"{path.name}:{node.lineno} import {a.name}" for a in node.names
                          if any(part.startswith("_") for part in a.name.split("."))]
    assert found == []


def test_ruff_finds_no_private_member_access():
    """The same rule CI runs (ruff's SLF001: obj._private outside its own class)."""
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    result = subprocess.run([ruff, "check", "--select", "SLF001", "--no-cache", str(PACKAGE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_attribute_of_an_imported_library_object_is_assigned():
    """`module.attr = …` or `imported_object.attr = …` would patch a library for the
    whole process; reportgen assigns attributes of its own objects only."""
    found = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "level", 0) == 0
                    for alias in node.names}
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                base = target
                while isinstance(base, ast.Attribute):
                    base = base.value
                if isinstance(target, ast.Attribute) and isinstance(base, ast.Name) and base.id in imported:
                    found.append(f"{path.name}:{node.lineno} {ast.unparse(target)}")
    assert found == []


def test_importing_and_rendering_change_no_environment_and_no_library_setting(tmp_path):
    script = f"""
import os, sys
before = dict(os.environ)
from reportlab import rl_config
settings = {{k: repr(getattr(rl_config, k)) for k in dir(rl_config) if not k.startswith("_")}}
import reportgen
from reportgen.cli.commands import main
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):
    assert main(["build", {str(SEED)!r}, "-o", {str(tmp_path / "out")!r}, "-q"]) == 0
    assert main(["split", {str(SEED)!r}, "-o", {str(tmp_path / "div")!r}, "-q"]) == 0
after = {{k: repr(getattr(rl_config, k)) for k in dir(rl_config) if not k.startswith("_")}}
print(dict(os.environ) == before, settings == after)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if not k.startswith("OPENPYXL")})
    assert result.stdout.split() == ["True", "True"], result.stderr
