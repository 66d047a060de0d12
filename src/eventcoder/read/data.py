"""Where the read stage's data files live (inside the installed package)."""

from __future__ import annotations

import json
from typing import Any

from eventcoder.paths import data_path

READ_DATA_DIR = data_path("read")


def load_json(name: str) -> Any:
    return json.loads((READ_DATA_DIR / name).read_text(encoding="utf-8"))
