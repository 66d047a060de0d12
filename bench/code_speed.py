"""Measure event coding speed, and code the whole dev corpus for its event statistics.

- Speed: codes a ~1,000-word article (built from dev-corpus news text) after the model is
  loaded, several times, and prints the median wall time per article.
- Corpus (``--corpus``): codes all dev-corpus articles, reports failures, events per article
  and the event-type distribution.

Usage: python bench/code_speed.py [--shared ../shared] [--repeat 5] [--corpus]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections import Counter
from pathlib import Path

from eventcoder.models import Document
from eventcoder.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]


def thousand_word_article(corpus: Path) -> str:
    """Concatenate TR-News conflict articles until the text has about 1,000 words."""
    conflict_words = ("attack", "troops", "military", "clashes", "killed", "minister")
    paragraphs: list[str] = []
    words = 0
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not record["id"].startswith("trnews") or not all(
                word in record["text"] for word in conflict_words[:2]
            ):
                continue
            for paragraph in record["text"].split("\n"):
                paragraph = paragraph.strip()
                if not paragraph:
                    continue
                remaining = 1000 - words
                tokens = paragraph.split()
                paragraphs.append(" ".join(tokens[:remaining]))
                words += min(len(tokens), remaining)
                if words >= 1000:
                    return "\n\n".join(paragraphs)
    return "\n\n".join(paragraphs)


def _iso_date(value: str | None) -> dt.date | None:
    """The corpus has ISO dates and some free-text ones ('APRIL 26, 2016 - 12:25AM EDT')."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", action="store_true", help="also code the whole dev corpus")
    args = parser.parse_args()
    corpus = args.shared / "corpus" / "news_dev.jsonl"

    start = time.perf_counter()
    pipeline = Pipeline()
    print(f"model and stage data loaded in {time.perf_counter() - start:.2f} s")
    text = thousand_word_article(corpus)
    document = Document(id="bench", text=text, published=dt.date(2016, 6, 1))
    pipeline.code(document)  # warm-up: first call builds matchers and caches
    times: list[float] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        coded = pipeline.code(document)
        times.append(time.perf_counter() - start)
    print(
        f"1,000-word article ({len(text.split())} words, {len(coded.events)} events): "
        f"median {statistics.median(times):.3f} s, min {min(times):.3f} s "
        f"over {args.repeat} runs (whole pipeline after load)"
    )
    coder = pipeline.nlp.get_pipe("eventcoder_events").coder
    doc = pipeline.nlp(text)
    start = time.perf_counter()
    for _ in range(args.repeat):
        coder.code(doc, doc._.actors or [])
    events_only = (time.perf_counter() - start) / args.repeat
    print(f"events stage alone on that parsed article: {events_only * 1000:.1f} ms")

    if not args.corpus:
        return
    records = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    documents = [
        Document(
            id=r["id"],
            title=r.get("title"),
            text=r["text"],
            published=_iso_date(r.get("published")),
        )
        for r in records
    ]
    types: Counter[str] = Counter()
    per_article: list[int] = []
    claims = 0
    start = time.perf_counter()
    for coded in pipeline.code_many(documents):
        per_article.append(len(coded.events))
        types.update(e.event_type for e in coded.events)
        claims += sum(e.attribution.claim for e in coded.events)
    elapsed = time.perf_counter() - start
    total = sum(per_article)
    print(
        f"dev corpus: {len(per_article)}/{len(records)} articles coded without error "
        f"in {elapsed:.1f} s"
    )
    print(
        f"events: {total} total, {total / len(per_article):.2f} per article "
        f"(median {statistics.median(per_article)}, max {max(per_article)}, "
        f"articles with none: {sum(1 for n in per_article if n == 0)}), claims: {claims}"
    )
    for event_type, count in types.most_common():
        print(f"  {event_type:<10} {count:>5}  {count / total:6.1%}")


if __name__ == "__main__":
    main()
