"""The whole pipeline walks all 260 real dev-corpus articles: no errors, offsets that hold."""

from __future__ import annotations

from collections import Counter

from eventcoder.models import PLOVER_TYPES
from eventcoder.read import clean, read_file


def test_every_dev_article_reads_codes_and_keeps_valid_evidence(pipeline, dev_corpus_path) -> None:
    articles = read_file(str(dev_corpus_path))
    assert len(articles) == 260

    types: Counter[str] = Counter()
    coded_ids = []
    headline_events = 0
    for coded in pipeline.code_many(clean(article) for article in articles):
        coded_ids.append(coded.document.id)
        for mention in [*coded.actors, *coded.places, *coded.dates]:
            assert coded.document.text[mention.start : mention.end] == mention.text, (
                coded.document.id,
                mention,
            )
        for event in coded.events:
            assert event.event_type in PLOVER_TYPES
            evidence = event.evidence
            # a headline event's offsets index the title (docs/events.md#headlines)
            text = coded.document.text if evidence.section == "body" else coded.document.title
            headline_events += evidence.section == "title"
            assert text[evidence.start : evidence.end] == evidence.sentence
            trigger = evidence.trigger
            assert evidence.start <= trigger.start < trigger.end <= evidence.end
            assert text[trigger.start : trigger.end] == trigger.text
            assert 0.0 <= event.confidence <= 1.0
            types[event.event_type] += 1

    assert coded_ids == [article.id for article in articles]
    assert headline_events > 0  # the dev articles have headlines, and some state events
    # A coder that fires one catch-all type is broken: many types, none dominant.
    assert len(types) >= 10, types
    assert types.most_common(1)[0][1] < 0.3 * sum(types.values()), types
