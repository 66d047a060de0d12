"""The article's headline, coded as a sentence of its own beside the body.

Hand coders code what a headline states ("Governor to defy Trump's border order", "Policeman
shot dead after assassinating Russian ambassador"), and an analyst expects those events like
the body's. The pipeline gives every stage one Doc whose text is the body, a blank line, then
the headline (``doc._.title_start`` says where it begins):

- after the body, not before it, so the body keeps its offsets (Doc offsets are
  ``Document.text`` offsets, sentence numbers are unchanged) and every rule that reads the
  opening of the article (the dateline) still sees it; and so that the rules that look back
  for a name (a bare surname, "the party", an acronym, a pronoun) resolve the headline's short
  forms against the names the body introduced ("Frank tells Oyegun"), as a reader does;
- a blank line apart, so the headline is a paragraph of its own: no sentence merges across
  it, and the paragraph rules of the places and dates stages never reach into the body (a
  headline's event is dated by its own words, else by the publication date);
- one sentence, whatever its punctuation (``nlp.sentences``), so its events carry the whole
  headline as their sentence.

After the stages, :func:`separate_headline` turns the Doc's records back into the
document's: events in the headline get ``evidence.section = "title"`` with offsets into
``Document.title``; the actor, place and date mentions found in the headline are dropped from
the document's lists, whose offsets index ``Document.text`` only (the headline events keep
their participants, place and date, and the explanation names the words they came from).
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventcoder.models import (
    ActorMention,
    DateMention,
    Document,
    Event,
    EventActor,
    PlaceMention,
    Span,
    without_events,
)

#: Between the body and the headline in the coded Doc: a blank line (a paragraph break).
TITLE_SEPARATOR = "\n\n"

#: A "title" longer than this is no headline (a feed that put the lede or the body in the
#: title field): it is not coded. Headlines run to about 60-120 characters.
MAX_HEADLINE_CHARS = 300


def headline_of(document: Document) -> str | None:
    """The text to code as the document's headline, or None when there is nothing to code.

    Line breaks and tabs inside the title become spaces (same length, so offsets still index
    ``Document.title``): the headline stays one line. Not coded: an empty title, one longer
    than ``MAX_HEADLINE_CHARS``, and one the body opens with (a page that repeats its headline
    as the first line states its events once).
    """
    title = document.title
    if not title or not title.strip() or len(title) > MAX_HEADLINE_CHARS:
        return None
    headline = title.translate(_ONE_LINE)
    if _words(document.text[: len(title) * 2]).startswith(_words(headline)):
        return None
    return headline


_ONE_LINE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})


def _words(text: str) -> str:
    return " ".join(text.split()).lower()


def coded_text(body: str, headline: str | None) -> tuple[str, int | None]:
    """The Doc's text for a body and its headline, and where the headline begins in it."""
    if headline is None:
        return body, None
    return f"{body}{TITLE_SEPARATOR}{headline}", len(body) + len(TITLE_SEPARATOR)


def headline_sentences(doc: Doc) -> int:
    """How many of the Doc's sentences are the headline's (0 or 1)."""
    return int(doc._.title_start is not None and len(doc) > 0)


def separate_headline(
    doc: Doc,
) -> tuple[list[ActorMention], list[PlaceMention], list[DateMention], list[Event]]:
    """The Doc's actors, places, dates and events as the document's records: mentions in the
    body only, events of the headline with their evidence in the ``title`` section."""
    actors = doc._.actors or []
    places = doc._.places or []
    dates = doc._.dates or []
    events = doc._.events or []
    title_start: int | None = doc._.title_start
    if title_start is None:
        return actors, places, dates, events
    body_end = title_start - len(TITLE_SEPARATOR)
    return (
        [m for m in actors if m.start < title_start],
        [m for m in places if m.start < title_start],
        [m for m in dates if m.start < title_start],
        [
            _in_title(e, title_start, doc._.document.title)
            if e.evidence.start >= title_start
            else _in_body(e, body_end)
            for e in events
        ],
    )


def _in_body(event: Event, body_end: int) -> Event:
    """A body event as coded without the headline: the body's last sentence does not end
    with the separator's line breaks."""
    evidence = event.evidence
    if evidence.end <= body_end:
        return event
    return event.model_copy(
        update={
            "evidence": evidence.model_copy(
                update={"end": body_end, "sentence": evidence.sentence[: body_end - evidence.start]}
            )
        }
    )


def _in_title(event: Event, title_start: int, title: str) -> Event:
    """A headline event with its evidence in the ``title`` section: offsets into the title,
    and the sentence and trigger as the title writes them (a line break in a title was coded
    as a space)."""
    evidence = event.evidence
    trigger = evidence.trigger
    start, end = evidence.start - title_start, evidence.end - title_start
    trigger_start, trigger_end = trigger.start - title_start, trigger.end - title_start
    return event.model_copy(
        update={
            "evidence": evidence.model_copy(
                update={
                    "section": "title",
                    "sentence_index": 0,
                    "sentence": title[start:end],
                    "start": start,
                    "end": end,
                    "trigger": Span(
                        text=title[trigger_start:trigger_end],
                        start=trigger_start,
                        end=trigger_end,
                    ),
                }
            )
        }
    )


def without_restated_headline(events: list[Event]) -> list[Event]:
    """The document's events without the headline events that restate a body event.

    A headline summarises the story the body then tells: "Turkey shells Syrian city" is the
    body's shelling, not a second one. Hand coders code it once, on the body's sentence
    (ICEWS- and ACLED-style counts would otherwise double every headline story), so a
    headline event is dropped when a body event of the same type and negation has a source
    code in common with it (or it has none) and, when both name targets, a target code in
    common. Headline events the body does not restate ("China seeks WTO dispute resolution
    with US", with no such request in the body) are kept.
    """
    body = [e for e in events if e.evidence.section != "title"]
    dropped = {
        e.id for e in events if e.evidence.section == "title" and any(_restates(e, b) for b in body)
    }
    return without_events(events, dropped)


def _codes(actors: list[EventActor]) -> set[str]:
    return {a.code for a in actors if a.code}


def _restates(headline: Event, body: Event) -> bool:
    if headline.event_type != body.event_type:
        return False
    if headline.modality.negated != body.modality.negated:
        return False
    sources = _codes(headline.actor)
    if sources and not sources & _codes(body.actor):
        return False
    targets, body_targets = _codes(headline.recipient), _codes(body.recipient)
    return not (targets and body_targets and not targets & body_targets)
