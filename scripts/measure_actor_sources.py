"""Measure (not tune): how many PLOVER gold source actors the actors stage finds.

Usage::

    python scripts/measure_actor_sources.py [../shared/eval/plover_gsr_dev.json]

For every gold event of the PLOVER GSR sample, the sentence is run through the pipeline up to
the actors stage (no publication date: the sample's dates are placeholders) and each gold
``source[].code`` (JAP read as JPN) is looked for among the resolved actors' codes of that
sentence. Prints the hit rate for country codes (ISO3) and, separately, for the generic
``IGO``/``NGO``/... codes the gold uses, which our IGO codes (UN, EU...) never equal by design.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from eventcoder.models import Document
from eventcoder.pipeline import Pipeline

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover_gsr_dev.json"
ALIASES = {"JAP": "JPN"}
GENERIC = {"IGO", "NGO", "MNC", "REB", "UAF"}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r["event"] != "DOCUMENT"]
    nlp = Pipeline().nlp
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    misses: list[str] = []
    for record in records:
        doc = nlp.make_doc(record["text"])
        doc._.document = Document(id=record["id"], text=record["text"])
        for name, component in nlp.pipeline:
            doc = component(doc)
            if name == "eventcoder_actors":
                break
        found = {actor.code for actor in doc._.actors}
        for source in record["source"]:
            code = ALIASES.get(source["code"], source["code"])
            kind = "generic" if code in GENERIC else "country"
            totals[kind] += 1
            if code in found:
                hits[kind] += 1
            elif kind == "country":
                misses.append(f"{code:4} {source['actorText']!r} found={sorted(found)}")
    for kind in ("country", "generic"):
        share = hits[kind] / totals[kind] if totals[kind] else 0.0
        print(f"{kind:8} source actors found: {hits[kind]}/{totals[kind]} ({share:.1%})")
    print(f"records: {len(records)}")
    print("country misses:")
    for line in misses:
        print("  " + line)


if __name__ == "__main__":
    main()
