"""Build the bundled demo corpus in src/eventcoder/data/sample/ (what `eventcoder demo` ingests).

- karabakh_2022-09_aa_analysis.json: the project's fixture article as read by
  ``eventcoder.read.read_file`` (title split off, text unchanged) with published=2022-09-14,
  so it has the same content hash as when ingested from the .txt with that date.
- karabakh_2022-09_second_report.json: a short report of the same clashes, written for
  eventcoder's tests (SECOND_REPORT below; MIT like the project).
- news_sample.jsonl: the conflict-related articles of the dev corpus (GeoWebNews + TR-News,
  GPL-3.0), chosen by the keyword rule in `conflict_score`, with `source` set to the outlet
  (URL host) so that deduplication counts outlets, not datasets.

Usage: python scripts/build_sample.py [SHARED_FOLDER]   (default: ../shared next to the repo)
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventcoder" / "data" / "sample"
MAX_ARTICLES = 36
FIXTURE_PUBLISHED = dt.date(2022, 9, 14)  # the gold file's date (the text gives none)
MIN_SCORE = 4

# Words that mark political conflict and cooperation news (PLOVER's domain). Each distinct
# word found counts once; a title hit counts double.
CONFLICT_WORDS = (
    "attack", "attacked", "bomb", "bombing", "killed", "military", "troops", "soldiers",
    "army", "forces", "rebels", "militants", "war", "clashes", "fighting", "airstrike",
    "air strikes", "shelling", "protest", "protesters", "sanctions", "ceasefire", "police",
    "arrested", "terror", "terrorist", "ambassador", "minister", "president", "government",
    "syria", "turkey", "russia", "iraq", "ukraine", "israel", "isis", "islamic state",
    "nato", "united nations", "assassinated", "gunman", "shooting", "explosion",
)  # fmt: skip

SECOND_REPORT = {
    "id": "eventcoder-test-karabakh-2022-09-13",
    "title": "Deadly clashes erupt on the Armenia-Azerbaijan border",
    "published": "2022-09-13",
    "source": "eventcoder test desk",
    "author": "eventcoder contributors",
    "license": "MIT (written for eventcoder's tests; not a real news report)",
    "text": (
        "Heavy fighting broke out between Armenia and Azerbaijan late on 12 September along "
        "their shared border, the worst escalation since the 44-day war of 2020.\n\n"
        "Clashes between Armenian and Azerbaijani forces started late at night on 12 September "
        "near Dashkesen, Kelbajar and Lachin and intensified in the morning of 13 September.\n\n"
        "Azerbaijani forces attacked Armenian army positions near Dashkesen with artillery and "
        "drones on 12 September, according to the Armenian Defence Ministry. Azerbaijan's "
        "Defence Ministry said its army had responded to provocations by Armenian units, which "
        "it accused of laying mines on roads near its positions.\n\n"
        "Armenia said dozens of its soldiers were killed. Azerbaijan also reported losses.\n\n"
        "Prime Minister Nikol Pashinyan convened the Armenian Security Council and asked the "
        "Collective Security Treaty Organization for help. Russia said it had brokered a "
        "ceasefire on the morning of 13 September, but both sides accused each other of "
        "breaking it.\n\n"
        "The United States and France called for an immediate end to the hostilities."
    ),
}


def conflict_score(record: dict) -> int:
    title = (record.get("title") or "").lower()
    body = record.get("text", "").lower()
    score = 0
    for word in CONFLICT_WORDS:
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        if pattern.search(title):
            score += 2
        elif pattern.search(body):
            score += 1
    return score


def outlet(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared"
    OUT.mkdir(parents=True, exist_ok=True)
    from eventcoder.read import read_file

    (fixture,) = read_file(
        str(shared / "fixtures" / "karabakh_2022-09_aa_analysis.txt"), FIXTURE_PUBLISHED
    )
    record = fixture.model_dump(mode="json", exclude={"origin"}, exclude_none=True)
    record["license"] = "Anadolu Agency (AA Analysis); project test fixture, see README.md"
    (OUT / "karabakh_2022-09_aa_analysis.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (OUT / "karabakh_2022-09_second_report.json").write_text(
        json.dumps(SECOND_REPORT, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    records = [
        json.loads(line)
        for line in (shared / "corpus" / "news_dev.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    scored = sorted(
        ((conflict_score(r), r["id"], r) for r in records),
        key=lambda item: (-item[0], item[1]),
    )
    chosen = [r for score, _, r in scored if score >= MIN_SCORE][:MAX_ARTICLES]
    chosen.sort(key=lambda r: r["id"])
    with (OUT / "news_sample.jsonl").open("w", encoding="utf-8") as handle:
        for r in chosen:
            sample = {
                "id": r["id"],
                "title": r.get("title"),
                "published": r.get("published"),
                "url": r.get("url"),
                "source": outlet(r.get("url")) or r.get("source"),
                "dataset": r.get("source"),
                "license": r.get("license"),
                "text": r["text"],
            }
            handle.write(json.dumps(sample, ensure_ascii=False) + "\n")
    shutil.copyfile(shared / "corpus" / "LICENSE.GPL-3.0.txt", OUT / "LICENSE.GPL-3.0.txt")
    datasets: dict[str, int] = {}
    for r in chosen:
        datasets[r.get("source") or "?"] = datasets.get(r.get("source") or "?", 0) + 1
    print(f"news_sample.jsonl: {len(chosen)} articles {datasets}")
    for r in chosen:
        print(f"  {r['id']}: {(r.get('title') or '')[:80]}")


if __name__ == "__main__":
    main()
