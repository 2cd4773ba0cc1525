"""The shipped files are found as package resources, not beside a checkout."""
import subprocess
import sys
import tomllib

from conftest import FONTS, ROOT, SEED

import reportgen
from reportgen.resources import font_file, template


def test_every_template_and_font_in_the_project_is_a_package_resource():
    for path in (ROOT / "templates").iterdir():
        if path.suffix in (".j2", ".toml"):
            assert template(path.name).read_bytes() == path.read_bytes()
    for path in FONTS.glob("*.ttf"):
        with font_file(path.name) as found:
            assert found.read_bytes() == path.read_bytes()


def test_pyproject_ships_every_template_and_font_in_the_wheel():
    """What package-data names covers every file the code reads (the wheel test in
    .ci/wheel-smoke builds and installs the real wheel)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == {"reportgen.templates": "templates", "reportgen.fonts": "fonts"}
    shipped = {package: patterns for package, patterns in config["package-data"].items()}
    templates = {p.name for p in (ROOT / "templates").iterdir() if p.is_file() and p.suffix != ".py"}
    fonts = {p.name for p in FONTS.iterdir() if p.is_file() and p.suffix != ".py"}
    assert all(any(ROOT.joinpath("templates", n).match(pattern) for pattern in shipped["reportgen.templates"])
               for n in templates)
    assert all(any(FONTS.joinpath(n).match(pattern) for pattern in shipped["reportgen.fonts"]) for n in fonts)


def test_version():
    result = subprocess.run([sys.executable, "-m", "reportgen.cli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"reportgen {reportgen.__version__}"
    assert reportgen.__version__.count(".") == 2


def test_building_the_seed_never_loads_pandas(tmp_path):
    """pandas is imported only on the paths that give or read tables of data."""
    script = f"""
import contextlib, io, sys
from reportgen.cli.commands import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["build", {str(SEED)!r}, "-o", {str(tmp_path)!r}, "-q"])
print(code, "pandas" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout.split() == ["0", "False"], result.stderr


def test_pyproject_lists_every_package_of_the_source_tree():
    """A package missing from the list is missing from the wheel (the catalogue once was)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "reportgen").rglob("__init__.py")}
    assert packages <= set(config["packages"])
