"""Rich rendering of coded documents for the terminal."""

from __future__ import annotations

from rich.console import Console

from eventcoder.cli.tables import Column, codes_cell, date_cell, flags_cell, print_table
from eventcoder.models import CodedDocument, Event

console = Console()


def print_coded_table(coded: CodedDocument, *, with_events: bool, wide: bool = False) -> None:
    doc = coded.document
    console.rule(f"[bold]{doc.title or doc.id}")
    console.print(
        f"id={doc.id}  kind=[bold]{doc.kind}[/]  published={doc.published or 'unknown'}  "
        f"words={len(doc.text.split())}  boilerplate removed={len(doc.boilerplate_removed)}"
    )
    if doc.kind_evidence:
        console.print("kind evidence: " + "; ".join(repr(e) for e in doc.kind_evidence))

    actor_columns = [
        Column("code", lambda a: a.code or "?"),
        Column("sector", lambda a: a.sector or ""),
        Column("text", lambda a: a.text, "text"),
        Column("span", lambda a: f"{a.start}-{a.end}"),
        Column("name", lambda a: a.name or "", "text"),
    ]
    print_table(console, "Actors", actor_columns, coded.actors, wide=wide)
    place_columns = [
        Column("text", lambda p: p.text, "text"),
        Column("country", lambda p: p.country or ""),
        Column("lat", lambda p: f"{p.lat:.3f}", "number"),
        Column("lon", lambda p: f"{p.lon:.3f}", "number"),
        Column("name", lambda p: p.name, "text"),
        Column("admin1", lambda p: p.admin1 or "", "text"),
        Column("geonameid", lambda p: str(p.geonameid or ""), "number"),
    ]
    print_table(console, "Places", place_columns, coded.places, wide=wide)
    date_columns = [
        Column("text", lambda d: d.text, "text"),
        Column("value", lambda d: d.value or "?"),
        Column("precision", lambda d: d.precision),
        Column("end", lambda d: d.end_value or ""),
    ]
    print_table(console, "Dates", date_columns, coded.dates, wide=wide)

    if not with_events:
        return
    print_table(
        console,
        f"Events ({len(coded.events)})",
        coded_event_columns(doc.id),
        coded.events,
        wide=wide,
    )


def coded_event_columns(document_id: str) -> list[Column]:
    """The columns of ``eventcoder code``'s event table, most useful first."""

    def claim(e: Event) -> str:
        if not (e.attribution.claim and e.attribution.claimant):
            return ""
        text = f"{e.attribution.claimant.code} ({e.attribution.cue})"
        return text + (" contradicts " + ", ".join(e.contradicts) if e.contradicts else "")

    return [
        Column("id", lambda e: e.id.removeprefix(f"{document_id}-")),
        Column("type", lambda e: e.event_type),
        Column("source", lambda e: codes_cell(_actor_codes(e.actor))),
        Column("target", lambda e: codes_cell(_actor_codes(e.recipient))),
        Column("date", lambda e: date_cell(e.date, e.date_precision)),
        Column("place", lambda e: e.location.name if e.location else "", "text"),
        Column("claim", claim, "text"),
        Column("flags", lambda e: flags_cell(e.modality, MODALITY_FLAGS)),
        # a trigger in the headline says so (its offsets index the title, not the text)
        Column(
            "trigger",
            lambda e: (
                e.evidence.trigger.text + (" (headline)" if e.evidence.section == "title" else "")
            ),
            "text",
        ),
        Column("mode", lambda e: e.mode or ""),
        Column("conf", lambda e: f"{e.confidence:.2f}", "number"),
    ]


#: Modality flags shown in tables, in this order.
MODALITY_FLAGS = ("negated", "future", "hypothetical", "historical")


def _actor_codes(actors: list) -> list[str]:
    # An unresolved agent has no code: show the words that name it.
    return [f"{a.code or repr(a.text)}{'/' + a.sector if a.sector else ''}" for a in actors]
