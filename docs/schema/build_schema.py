"""Write ``coded-document.schema.json``: the JSON Schema of ``eventcoder code`` output.

Generated from the pydantic model, so it never drifts from the code:
``python docs/schema/build_schema.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from eventcoder.models import CodedDocument

OUT = Path(__file__).resolve().parent / "coded-document.schema.json"


def main() -> None:
    schema = CodedDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = (
        "One article coded by eventcoder: the cleaned document, its actors, places, dates and "
        "PLOVER events. See docs/events.md for the field-by-field description."
    )
    OUT.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
