"""Event detection on silver PLOVER quotes from real news the rules were not written from.

The NGEC-2025 quotes (``../shared/train/ngec_quotes.jsonl``, see its README: Voice of America
sentences and short passages, each labelled by an LLM with one PLOVER type) are coded one quote
per document with the real pipeline (``Pipeline.pipe``: every stage, as ``eventcoder code``
does it, batched through ``nlp.pipe``). A fixed random sample (``--sample``, ``--seed``) of the
positive quotes is used.

Printed figures:

- detection: share of quotes that get at least one event (rule-driven: a fair measure);
- type accuracy: share of detected quotes with an event of the quote's type. OPTIMISTIC: the
  learned type model (scripts/train_event_types.py) was trained on these same quotes;
- events with no source code / no target code;
- detection per type;
- why quotes were missed (``--why``): no trigger word in the lexicon; triggers but no actor the
  actors stage resolves anywhere in the quote; every trigger vetoed by the type model; events
  coded but dropped under the confidence floor; actors in the quote but none reached from any
  trigger through the parse; dropped by a rule of the events stage (a missing source or
  target, a topic, ...).
  With the most frequent verb lemmas of the quotes without a trigger, per type.

Quotes are fragments without their article: a pronoun or an agent whose country came from the
article stays unresolved here, so absolute detection is lower than on whole articles. Compare
runs of this script with each other, not with article-level figures. The verify pass's
negatives have no quote (README), so no false-event rate on labelled negatives can be computed.

Usage: python bench/silver_detection.py [--sample 1500] [--seed 13] [--why] [--misses N]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

from eventcoder.events.arguments import ActorIndex, noun_arguments, verb_arguments
from eventcoder.events.coder_words import GENERIC_LAYERS
from eventcoder.models import Document
from eventcoder.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "train" / "ngec_quotes.jsonl"


def load_positives(path: Path) -> list[dict]:
    """Positive quotes, one per (type, text) (the screen and verify passes repeat some)."""
    rows: list[dict] = []
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            quote = " ".join(str(row.get("quote") or "").split())
            if row.get("label") != 1 or not quote:
                continue
            key = (row["event_type"], quote)
            if key in seen:
                continue
            seen.add(key)
            rows.append({**row, "quote": quote})
    return rows


def why_missed(doc, coder) -> str:
    """The first reason, in pipeline order, that no event came out of a quote."""
    triggers = coder.lexicon.find(doc)
    if not triggers:
        return "no-trigger"
    actors = doc._.actors or []
    if not actors:
        return "no-actor-in-quote"
    model = coder.type_model
    if model is not None and all(
        model.decide(t, tr.event_type, generic=tr.layer in GENERIC_LAYERS).vetoed
        for t, tr in triggers
    ):
        return "type-model-veto"
    if coder.code(doc, actors):
        # The events stage coded something that a later stage dropped: under the confidence
        # floor (attribution's min_confidence).
        return "under-confidence-floor"
    index = ActorIndex(doc, actors)
    reached = False
    for token, trigger in triggers:
        symmetric = "symmetric" in trigger.flags
        if trigger.pos == "VERB":
            args = verb_arguments(token, index, symmetric)
        else:
            args = noun_arguments(token, index, symmetric)
        if args.source or args.target:
            reached = True
            break
    return "dropped-by-rule" if reached else "actors-not-reached"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sample", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--why", action="store_true", help="classify the misses")
    parser.add_argument("--misses", type=int, default=0, help="print N missed quotes per class")
    parser.add_argument("--dump", type=Path, help="write every quote's result as JSON Lines")
    args = parser.parse_args()

    rows = load_positives(args.data)
    rng = random.Random(args.seed)
    sample = rng.sample(rows, min(args.sample, len(rows)))
    pipeline = Pipeline()
    coder = pipeline.nlp.get_pipe("eventcoder_events").coder
    documents = [Document(id=f"q{i}", text=row["quote"]) for i, row in enumerate(sample)]

    started = time.perf_counter()
    detected: Counter[str] = Counter()
    total: Counter[str] = Counter()
    typed = 0
    with_actor = with_actor_hits = 0
    events_n = no_source = no_target = 0
    reasons: Counter[str] = Counter()
    reasons_by_type: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    untriggered_lemmas: dict[str, Counter[str]] = defaultdict(Counter)
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    for row, (doc, coded) in zip(sample, pipeline.pipe(documents), strict=True):
        gold = row["event_type"]
        total[gold] += 1
        events = coded.events
        for event in events:
            events_n += 1
            no_source += not any(a.code for a in event.actor)
            no_target += not any(a.code for a in event.recipient)
        reason = ""
        if doc._.actors:
            with_actor += 1
            with_actor_hits += bool(events)
        if events:
            detected[gold] += 1
            typed += any(e.event_type == gold for e in events)
        elif args.why:
            reason = why_missed(doc, coder)
            reasons[reason] += 1
            reasons_by_type[gold][reason] += 1
            if len(examples[reason]) < args.misses:
                examples[reason].append(f"{gold}: {row['quote'][:160]}")
            if reason == "no-trigger":
                for token in doc:
                    if token.pos_ in {"VERB", "NOUN"} and token.dep_ in {"ROOT", "ccomp", "xcomp"}:
                        untriggered_lemmas[gold][token.lemma_.lower()] += 1
        if dump:
            record = {
                "type": gold,
                "quote": row["quote"],
                "events": [
                    [
                        e.event_type,
                        e.evidence.trigger.text,
                        [a.code for a in e.actor],
                        [a.code for a in e.recipient],
                    ]
                    for e in events
                ],
                "why": reason,
            }
            dump.write(json.dumps(record) + "\n")
    elapsed = time.perf_counter() - started
    if dump:
        dump.close()

    n = sum(total.values())
    hits = sum(detected.values())
    print(
        f"silver quotes: {n} positives sampled (seed {args.seed}) of {len(rows)}; "
        f"coded in {elapsed:.0f} s"
    )
    print(f"detection (>=1 event): {hits}/{n} = {hits / n:.3f}")
    print(
        f"detection where the actors stage resolved >=1 actor in the quote: "
        f"{with_actor_hits}/{with_actor} = {with_actor_hits / max(with_actor, 1):.3f}"
    )
    print(
        f"type accuracy of the best-matching event: {typed}/{hits} = "
        f"{typed / max(hits, 1):.3f}  (OPTIMISTIC: the type model was trained on these quotes)"
    )
    print(
        f"events: {events_n}; no source code {no_source / max(events_n, 1):.3f}, "
        f"no target code {no_target / max(events_n, 1):.3f}"
    )
    print("false-event rate on negatives: not computable (the verify negatives carry no quote)")
    print(f"\n{'type':<10} {'quotes':>6} {'detected':>8} {'rate':>6}")
    for event_type in sorted(total, key=lambda t: -total[t]):
        rate = detected[event_type] / total[event_type]
        print(f"{event_type:<10} {total[event_type]:>6} {detected[event_type]:>8} {rate:>6.3f}")
    if not args.why:
        return
    missed = n - hits
    print(f"\nwhy missed ({missed} quotes):")
    for reason, count in reasons.most_common():
        print(f"  {reason:<24} {count:>5}  {count / max(missed, 1):.3f}")
    print("\nmissed, by type and reason:")
    for event_type in sorted(reasons_by_type, key=lambda t: -sum(reasons_by_type[t].values())):
        parts = ", ".join(f"{r} {c}" for r, c in reasons_by_type[event_type].most_common())
        print(f"  {event_type:<10} {parts}")
    print("\nlemmas heading quotes with no trigger (ROOT/ccomp/xcomp), per type:")
    for event_type in sorted(untriggered_lemmas):
        common = ", ".join(f"{w} {c}" for w, c in untriggered_lemmas[event_type].most_common(12))
        print(f"  {event_type:<10} {common}")
    for reason, quotes in examples.items():
        print(f"\n-- {reason}")
        for quote in quotes:
            print(f"   {quote}")


if __name__ == "__main__":
    main()
