"""Rich rendering of coded documents for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from eventcoder.models import CodedDocument

console = Console()


def _actors_text(actors: list) -> str:
    # An unresolved agent has no code: show the words that name it.
    return (
        ", ".join(f"{a.code or repr(a.text)}{'/' + a.sector if a.sector else ''}" for a in actors)
        or "-"
    )


def print_coded_table(coded: CodedDocument, *, with_events: bool) -> None:
    doc = coded.document
    console.rule(f"[bold]{doc.title or doc.id}")
    console.print(
        f"id={doc.id}  kind=[bold]{doc.kind}[/]  published={doc.published or 'unknown'}  "
        f"words={len(doc.text.split())}  boilerplate removed={len(doc.boilerplate_removed)}"
    )
    if doc.kind_evidence:
        console.print("kind evidence: " + "; ".join(repr(e) for e in doc.kind_evidence))

    actors = Table(title="Actors", show_lines=False)
    for col in ("text", "code", "sector", "name", "span"):
        actors.add_column(col)
    for a in coded.actors:
        actors.add_row(a.text, a.code, a.sector or "", a.name, f"{a.start}-{a.end}")
    console.print(actors)

    places = Table(title="Places")
    for col in ("text", "name", "country", "admin1", "lat", "lon", "geonameid"):
        places.add_column(col)
    for p in coded.places:
        places.add_row(
            p.text,
            p.name,
            p.country or "",
            p.admin1 or "",
            f"{p.lat:.3f}",
            f"{p.lon:.3f}",
            str(p.geonameid or ""),
        )
    console.print(places)

    dates = Table(title="Dates")
    for col in ("text", "value", "end", "precision"):
        dates.add_column(col)
    for d in coded.dates:
        dates.add_row(d.text, d.value or "?", d.end_value or "", d.precision)
    console.print(dates)

    if not with_events:
        return
    events = Table(title=f"Events ({len(coded.events)})", show_lines=True)
    for col in ("id", "type", "mode", "actor", "recipient", "date", "place", "claim", "trigger"):
        events.add_column(col)
    for e in coded.events:
        claim = ""
        if e.attribution.claim and e.attribution.claimant:
            claim = f"{e.attribution.claimant.code} ({e.attribution.cue})"
            if e.contradicts:
                claim += " ⟂ " + ",".join(e.contradicts)
        flags = [k for k, v in e.modality.model_dump().items() if v]
        events.add_row(
            e.id.removeprefix(f"{doc.id}-"),
            e.event_type + (f" [dim]{' '.join(flags)}[/]" if flags else ""),
            e.mode or "",
            _actors_text(e.actor),
            _actors_text(e.recipient),
            f"{e.date or '?'} ({e.date_precision})",
            e.location.name if e.location else "",
            claim,
            e.evidence.trigger.text,
        )
    console.print(events)
