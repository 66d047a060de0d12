"""``eventcoder explain``: why an event was coded, as a tree (trigger, participants, date,
place, modality, attribution, each with the dictionary entry or rule behind it)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from eventcoder.cli.document import (
    FileArgument,
    PublishedOption,
    code_file,
    exit_for_failed_records,
)
from eventcoder.errors import EventcoderError
from eventcoder.models import CodedDocument, Event, Explanation, ParticipantExplanation

console = Console(highlight=False)

EventOption = Annotated[
    str | None,
    typer.Option(
        "--event",
        "-e",
        metavar="ID",
        help="The event to explain: its id as `eventcoder code` shows it (e3), the full id, "
        "or a unique prefix. Without it, every event is listed with a one-line reason.",
    ),
]


def local_id(event: Event, document_id: str) -> str:
    """The id `eventcoder code` shows: the event id without its document prefix ("e3")."""
    return event.id.removeprefix(f"{document_id}-")


def find_event(coded: CodedDocument, wanted: str) -> Event:
    """The event whose short or full id is ``wanted``, else the one it is a unique prefix of."""
    doc_id = coded.document.id
    for event in coded.events:
        if wanted in (event.id, local_id(event, doc_id)):
            return event
    matches = [
        e for e in coded.events if e.id.startswith(wanted) or local_id(e, doc_id).startswith(wanted)
    ]
    if len(matches) == 1:
        return matches[0]
    shown = ", ".join(local_id(e, doc_id) for e in (matches or coded.events)[:12])
    if matches:
        raise EventcoderError(f"event id {wanted!r} is ambiguous: it starts {shown}")
    if not coded.events:
        raise EventcoderError(f"{coded.document.id}: no events were coded in this article")
    raise EventcoderError(f"{coded.document.id}: no event {wanted!r} (events: {shown}, ...)")


def _codes(participants: list[ParticipantExplanation], role: str) -> str:
    found = [
        f"{p.code or repr(p.text)}{'/' + p.sector if p.sector else ''}"
        for p in participants
        if p.role == role
    ]
    return ",".join(found) or "-"


def one_line_reason(event: Event, document_id: str) -> str:
    """'e3 ASSAULT ARM/MIL -> AZE: "conflict" core_triggers.tsv NOUN conflict; ...'."""
    head = f"{local_id(event, document_id)} {event.event_type}"
    explanation = event.explanation
    if explanation is None or explanation.trigger is None:
        return f"{head}: no explanation recorded"
    trigger = explanation.trigger
    parts = [f"{trigger.text!r} from {trigger.source} {trigger.key}"]
    if event.evidence.section == "title":
        parts.insert(0, "in the headline")
    for p in explanation.participants:
        if p.role != "mediator" or p.code:
            parts.append(f"{p.role} {p.code or repr(p.text)} by {p.found_by.split(':')[0]}")
    if explanation.date is not None:
        parts.append(f"date {explanation.date.rule}")
    if explanation.attribution is not None:
        parts.append(f"claim ({explanation.attribution.cue})")
    dyad = f"{_codes(explanation.participants, 'source')} -> "
    dyad += _codes(explanation.participants, "target")
    return f"{head} {dyad}: " + "; ".join(parts)


def explanation_tree(event: Event, document_id: str) -> Tree:
    """The event's explanation as a rich Tree."""
    explanation = event.explanation or Explanation()
    participants = explanation.participants
    title = (
        f"[bold]{escape(local_id(event, document_id))} {event.event_type}[/]"
        f"{' / ' + escape(event.mode) if event.mode else ''}  "
        f"{escape(_codes(participants, 'source'))} → {escape(_codes(participants, 'target'))}"
        f"  [dim](confidence {event.confidence:.2f})[/]"
    )
    tree = Tree(title)
    # an event the headline states cites the headline (its offsets index the title)
    where = "headline" if event.evidence.section == "title" else "sentence"
    tree.add(f"[dim]{where}:[/] {escape(event.evidence.sentence.strip())}")
    trigger = explanation.trigger
    if trigger is None:
        tree.add("[dim]trigger: not recorded[/]")
    else:
        node = tree.add(
            f"[bold]trigger[/] {escape(repr(trigger.text))}: {escape(trigger.source)} · "
            f"{escape(trigger.key)} · layer {escape(trigger.layer)}"
            + (f" · gives {trigger.lexicon_type}" if trigger.lexicon_type else "")
        )
        if trigger.type_rule:
            node.add(f"type: {escape(trigger.type_rule)}")
        if trigger.model_types:
            scores = ", ".join(f"{t.event_type} {t.score:.2f}" for t in trigger.model_types)
            node.add(f"type model: {escape(scores)}")
    people = tree.add("[bold]participants[/]")
    if not participants:
        people.add("[dim]none recorded[/]")
    for p in participants:
        code = f"{p.code or 'no code'}{' ' + p.sector if p.sector else ''}"
        node = people.add(f"{p.role} {escape(repr(p.text))} → {escape(code)}")
        node.add(f"found by: {escape(p.found_by)}")
        if p.entry:
            node.add(f"entry: {escape(p.entry)}")
        if p.country_rule:
            node.add(f"country: {escape(p.country_rule)}")
    date = explanation.date
    if date is not None:
        words = f" from {escape(repr(date.expression))}" if date.expression else ""
        node = tree.add(f"[bold]date[/] {date.value or 'unknown'} ({date.precision}){words}")
        node.add(f"{date.rule}: {escape(date.reason)}")
    place = explanation.place
    if place is not None:
        chosen = place.candidates[0] if place.candidates else None
        where = f"{chosen.name} {chosen.country or ''}".strip() if chosen else place.mention
        node = tree.add(
            f"[bold]place[/] {escape(where or 'none')}"
            + (f" from {escape(repr(place.mention))}" if place.mention else "")
        )
        node.add(f"{place.rule}: {escape(place.reason)}")
        if place.candidates:
            candidates = node.add("gazetteer candidates (score)")
            for n, c in enumerate(place.candidates):
                mark = "chosen " if n == 0 else ""
                detail = ", ".join(x for x in (c.admin1, c.country, c.feature_code) if x)
                candidates.add(f"{mark}{escape(c.name)} ({escape(detail)}) {c.score:.2f}")
    modality = tree.add("[bold]modality[/]")
    if not explanation.modality:
        modality.add("[dim]asserted: no negation, future, hypothetical or historical cue[/]")
    for cue in explanation.modality:
        modality.add(f"{cue.flag}: {escape(repr(cue.cue))}")
    attribution = explanation.attribution
    if attribution is not None:
        claimant = event.attribution.claimant
        code = f" ({claimant.code})" if claimant else ""
        tree.add(
            f"[bold]attribution[/] claim by {escape(attribution.claimant)}{escape(code)}: cue "
            f"{escape(repr(attribution.cue))} ({attribution.rule})"
        )
    else:
        tree.add("[bold]attribution[/] [dim]not a claim: reported as fact[/]")
    return tree


def register(app: typer.Typer) -> None:
    @app.command()
    def explain(
        file: FileArgument,
        event: EventOption = None,
        published: PublishedOption = None,
    ) -> None:
        """Code an article and show why an event was coded, as a tree: the trigger's lexicon
        entry, how each participant was found and which dictionary entry resolved it, the
        date and place rules, and the cues of modality and attribution."""
        coded, failures = code_file(file, published)
        if len(coded) != 1:
            problem = f": {failures[0].problem}" if failures and not coded else ""
            raise EventcoderError(
                f"{file}: holds {len(coded)} usable articles{problem}; explain takes one article"
            )
        (document,) = coded
        if event is None:
            console.print(
                f"[bold]{escape(document.document.title or document.document.id)}[/]: "
                f"{len(document.events)} events (explain one with --event ID)"
            )
            for item in document.events:
                console.print(escape(one_line_reason(item, document.document.id)))
            exit_for_failed_records(failures)
            return
        console.print(explanation_tree(find_event(document, event), document.document.id))
        exit_for_failed_records(failures)
