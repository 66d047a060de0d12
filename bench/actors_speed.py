"""Speed of the entity ruler and the actors stage against bare spaCy, on the dev corpus.

Usage::

    python bench/actors_speed.py [../shared/corpus/news_dev.jsonl] [--limit N]

Prints documents per second for (1) the bare spaCy model, (2) the model with eventcoder's entity
ruler, (3) that plus the actors stage, and the actors stage's own time per document. The first
pass over the texts warms caches and is not timed.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import spacy

from eventcoder.config import get_settings
from eventcoder.models import Document
from eventcoder.pipeline import load_nlp

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news_dev.jsonl"


def timed(nlp: spacy.Language, texts: list[str]) -> float:
    def docs():
        for number, text in enumerate(texts):
            doc = nlp.make_doc(text)
            doc._.document = Document(id=str(number), text=text)
            yield doc

    start = time.perf_counter()
    for _ in nlp.pipe(docs(), batch_size=32):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with args.corpus.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle][: args.limit]
    words = sum(len(t.split()) for t in texts)
    model = get_settings().model
    bare = spacy.load(model)
    with_ruler = load_nlp(model, stages=())
    with_actors = load_nlp(model, stages=("eventcoder_actors",))
    timed(with_actors, texts[:20])  # warm-up
    # The machine is shared: interleave the runs and keep each configuration's best.
    configs = {"spaCy alone": bare, "+ entity ruler": with_ruler, "+ ruler + actors": with_actors}
    results = {name: float("inf") for name in configs}
    for _ in range(args.repeat):
        for name, nlp in configs.items():
            results[name] = min(results[name], timed(nlp, texts))
    print(f"{len(texts)} documents, {words} words, best of {args.repeat}")
    for name, seconds in results.items():
        print(f"{name:20} {seconds:7.2f} s  {len(texts) / seconds:7.1f} docs/s")
    print(f"relative to spaCy alone: {results['spaCy alone'] / results['+ ruler + actors']:.0%}")
    # Our two components alone (robust to a busy machine, unlike the end-to-end figures).
    ruler = with_ruler.get_pipe("eventcoder_entity_ruler")
    made = [with_ruler.make_doc(text) for text in texts]
    start = time.perf_counter()
    for doc in made:
        ruler(doc)
    print(f"entity ruler alone: {(time.perf_counter() - start) / len(made) * 1000:.2f} ms/doc")
    # The actors stage alone, on already parsed documents (no noise from the model).
    parsed = list(with_ruler.pipe(texts))
    resolver = with_actors.get_pipe("eventcoder_actors").resolver
    start = time.perf_counter()
    for doc in parsed:
        resolver.resolve(doc, None)
    per_doc = (time.perf_counter() - start) / len(parsed) * 1000
    print(f"ActorResolver.resolve alone: {per_doc:.2f} ms/doc")


if __name__ == "__main__":
    main()
