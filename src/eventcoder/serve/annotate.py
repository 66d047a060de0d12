"""The article view's highlighted text, displaCy-style, from a :class:`CodedDocument`.

Spans of different kinds may overlap (an event trigger inside an actor phrase, a place inside
an actor), which displaCy's entity style cannot draw. So the text is cut at every span
boundary; each piece is wrapped in one ``<mark>`` per span covering it (outermost = longest),
and a span's label badge is drawn after its last piece. Offsets index ``Document.text``, as
everywhere in eventcoder; the headline (``Document.title``) is drawn the same way with the
triggers of the events stated in it (``evidence.section == "title"``), whose offsets index it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from eventcoder.models import QUAD_CLASS, CodedDocument, EvidenceSection


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # actor | place | date | trigger
    label: str  # badge text: actor code and sector, PLOVER type, ISO date, 'place'
    title: str  # tooltip: what it resolved to
    anchor: str | None = None  # element id, for links from the event list
    href: str | None = None  # where clicking it goes
    css: list[str] = field(default_factory=list)


def section_text(coded: CodedDocument, section: EvidenceSection) -> str:
    """The text a section's offsets index: the body, or the headline ('' without one)."""
    return coded.document.text if section == "body" else coded.document.title or ""


def highlights(coded: CodedDocument, section: EvidenceSection = "body") -> list[Highlight]:
    """Every actor, place, date and event trigger in the body, as highlight spans; for the
    ``title`` section, the triggers of the events the headline states (actor, place and date
    mentions are the body's only)."""
    text_length = len(section_text(coded, section))
    spans: list[Highlight] = []
    body = section == "body"
    for actor in coded.actors if body else ():
        sector = f" {actor.sector}" if actor.sector else ""
        spans.append(
            Highlight(
                actor.start,
                actor.end,
                "actor",
                f"{actor.code}{sector}",
                f"actor: {actor.name or actor.text} ({actor.code}{sector}, {actor.kind})",
            )
        )
    for place in coded.places if body else ():
        where = ", ".join(x for x in (place.name, place.admin1, place.country) if x)
        spans.append(
            Highlight(
                place.start,
                place.end,
                "place",
                "place",
                f"place: {where} ({place.lat:.3f}, {place.lon:.3f})",
            )
        )
    for date in coded.dates if body else ():
        value = date.value or "?"
        if date.end_value:
            value = f"{value}–{date.end_value}"
        spans.append(
            Highlight(date.start, date.end, "date", value, f"date: {value} ({date.precision})")
        )
    seen_triggers: set[tuple[int, int]] = set()
    for event in coded.events:
        if event.evidence.section != section:
            continue
        trigger = event.evidence.trigger
        quad = QUAD_CLASS.get(event.event_type, "")
        anchor = None
        if (trigger.start, trigger.end) not in seen_triggers:
            # one trigger can code several events; the first one owns the anchor
            seen_triggers.add((trigger.start, trigger.end))
            anchor = f"t-{event.id}"
        spans.append(
            Highlight(
                trigger.start,
                trigger.end,
                "trigger",
                event.event_type,
                f"event: {event.event_type}" + (f" / {event.mode}" if event.mode else ""),
                anchor=anchor,
                href=f"#event-{event.id}",
                css=[f"q-{quad}"] if quad else [],
            )
        )
    return [s for s in spans if 0 <= s.start < s.end <= text_length]


def render_annotated_text(coded: CodedDocument, section: EvidenceSection = "body") -> Markup:
    """HTML of the document text (or its headline) with every highlight drawn; safe to put in
    a template."""
    text = section_text(coded, section)
    spans = highlights(coded, section)
    boundaries = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    # longest first, so that nesting is outer → inner
    ordered = sorted(spans, key=lambda s: (s.start - s.end, s.start))
    out: list[str] = []
    for piece_start, piece_end in itertools.pairwise(boundaries):
        covering = [s for s in ordered if s.start <= piece_start and piece_end <= s.end]
        piece = str(escape(text[piece_start:piece_end]))
        if not covering:
            out.append(piece)
            continue
        opening = []
        closing = []
        link_open = False  # links cannot nest: only the outermost trigger is a link
        for span in covering:
            classes = " ".join(["hl", f"hl-{span.kind}", *span.css])
            attributes = f' class="{classes}" title="{escape(span.title)}"'
            if span.anchor and span.start == piece_start:
                attributes += f' id="{escape(span.anchor)}"'
            if span.href and not link_open:
                link_open = True
                opening.append(f'<a href="{escape(span.href)}"{attributes}>')
                closing.insert(0, "</a>")
            else:
                opening.append(f"<mark{attributes}>")
                closing.insert(0, "</mark>")
        badges = "".join(
            f'<span class="hl-label hl-label-{s.kind}">{escape(s.label)}</span>'
            for s in reversed(covering)
            if s.end == piece_end
        )
        # badges go inside the innermost element that ends here, so colours match
        out.append("".join(opening) + piece + badges + "".join(closing))
    return Markup("".join(out))
