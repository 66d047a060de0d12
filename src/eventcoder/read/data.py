"""Where the read stage's data files live (inside the installed package)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

READ_DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "read"


def load_json(name: str) -> Any:
    return json.loads((READ_DATA_DIR / name).read_text(encoding="utf-8"))
