import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_126a8718d7404d8d.txt"
FONTS = ROOT / "fonts"
REGULAR_FONT = FONTS / "BIZUDGothic-Regular.ttf"
BOLD_FONT = FONTS / "BIZUDGothic-Bold.ttf"
WORKLOAD = ROOT / "bench" / "workload.py"  # the project's generator of synthetic publications

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def seed_publication():
    from reportgen import load
    return load([str(SEED)])
