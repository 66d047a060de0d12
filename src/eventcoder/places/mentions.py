"""Finding a document's place mentions: spaCy's place entities (and PERSON/ORG/NORP ones
whose best reading is a country, a big city or an alias-table place), all-caps datelines
("NEWARK, N.J. (AP) —") and the place an institution is named after ("Winnipeg Police
Service"), then resolving them in two passes over the document's context.

Demonyms and places used for their governments ("Ankara said", "Yerevan's attitude") are
actors, not places: which names stand for their government is the actors stage's decision
(``doc._.governments`` and its ``metonym`` mentions, :mod:`eventcoder.actors.metonymy`).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from eventcoder.geo.gazetteer import Place, normalise_name
from eventcoder.models import ActorMention, PlaceCandidate
from eventcoder.places.ranking import DocumentContext, PlaceRanker
from eventcoder.places.spans import is_town, strip_span
from eventcoder.places.words import DIVISION_WORDS, GENERIC_PLACE_NAMES, PLACE_NAMED_ORG_WORDS

#: spaCy labels whose entities are candidate places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Labels the small model sometimes gives rare places (Caucasus towns tagged PERSON).
WEAK_LABELS = frozenset({"PERSON", "ORG", "NORP"})

#: Feature codes of places that cannot stand for a government.
UNGOVERNED_FEATURES = frozenset({"CONT", "OCN", "SEA", "GULF"})


#: An organisation's leading name is taken for a place only when the place is this large (or
#: a division or country), so "Supreme Court" does not put a story in Supreme, Louisiana.
ORG_PLACE_MIN_POPULATION = 50_000


#: A news dateline opening a line: "NEWARK, N.J. (AP) —", "ANKARA —", "LOS ANGELES (Reuters) -".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:, (?P<qualifier>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?"
    r"(?: \([^)\n]{1,40}\))?\s*[—–-]{1,2}\s",
    re.MULTILINE,
)


class MentionFinder(PlaceRanker):
    """Finds a document's place mentions and resolves them with the ranking."""

    def _candidate_spans(self, doc: Doc, actors: list[ActorMention]) -> list[tuple[Span, bool]]:
        """Entities that may be places, each with whether its label is a place label."""
        metonym_spans = [(a.start, a.end) for a in actors if a.kind == "metonym"]
        governments = set(doc._.governments or ())
        spans: list[tuple[Span, bool]] = []
        for ent in doc.ents:
            strong = ent.label_ in PLACE_LABELS
            if not strong and ent.label_ not in WEAK_LABELS:
                continue
            if any(
                start < ent.end_char and ent.start_char < end for start, end in metonym_spans
            ) and not self._has_region_qualifier(doc, ent):
                # A name placed in its hierarchy ("Paris, Texas") is the place, whatever
                # capital it shares its name with.
                continue
            if (ent.start_char, ent.end_char) in governments and not self._never_a_government(ent):
                continue
            if self.gazetteer.demonym_places(strip_span(ent).text):
                # "Canadian" is an actor's nationality, not Canadian, Texas.
                continue
            if ent.label_ == "ORG":
                embedded = self._place_in_org_name(ent)
                if embedded is not None:
                    spans.append((embedded, True))
                    continue
            spans.append((ent, strong))
        for dateline in self._dateline_spans(doc):
            spans = [
                (span, strong)
                for span, strong in spans
                if not (span.start < dateline.end and dateline.start < span.end)
            ]
            spans.append((dateline, True))
        return sorted(spans, key=lambda pair: pair[0].start)

    def _never_a_government(self, span: Span) -> bool:
        """Continents and seas have no government to stand for ("Europe faces a heatwave")."""
        candidates = self.gazetteer.lookup(strip_span(span).text)
        return bool(candidates) and all(c.feature_code in UNGOVERNED_FEATURES for c in candidates)

    def _place_in_org_name(self, org: Span) -> Span | None:
        """The place an organisation is named after ("Winnipeg" in "Winnipeg Police Service")."""
        tokens = [t for t in strip_span(org)]
        heads = [i for i, t in enumerate(tokens) if t.lower_ in PLACE_NAMED_ORG_WORDS]
        if not heads or heads[0] == 0:
            return None
        prefix = org.doc[tokens[0].i : tokens[heads[0]].i]
        if not all(t.is_title or t.is_upper for t in prefix if t.is_alpha):
            return None
        notable = [
            p
            for p in self.gazetteer.lookup(prefix.text)
            if p.population >= ORG_PLACE_MIN_POPULATION or p.is_region or p.from_alias_table
        ]
        if not notable or normalise_name(prefix.text) in GENERIC_PLACE_NAMES:
            return None
        return prefix

    def _dateline_spans(self, doc: Doc) -> list[Span]:
        """All-caps datelines opening a line, when their place is in the gazetteer."""
        spans: list[Span] = []
        for match in DATELINE.finditer(doc.text[:2000]):
            start, end = match.span("place")
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is None or not self.gazetteer.lookup(span.text):
                continue
            spans.append(span)
        return spans

    def document_context(self, doc: Doc, actors: list[ActorMention]) -> DocumentContext:
        """Find and resolve the document's place mentions, in two passes over its context."""
        mentions = [
            (span, strong, self._lookup_mention(strip_span(span)))
            for span, strong in self._candidate_spans(doc, actors)
        ]
        mentions = [m for m in mentions if m[2]]
        context = self._context_countries(mentions, actors)
        admin1_in_text = {
            normalise_name(candidates[0].name)
            for _, _, candidates in mentions
            if len(candidates) == 1 and candidates[0].feature_code == "ADM1"
        }
        # First pass with document context; the places it resolves then vote for the second.
        resolved = self._resolve_all(doc, mentions, context, admin1_in_text)
        # Each mention's own first-pass vote is left out of its second look, or a wrong first
        # guess ("Paris" -> France in a Kentucky story) would confirm itself.
        own_votes = {span.start: p.country for span, p, _ in resolved if p.country}
        context2 = context + Counter(own_votes.values())
        # A state or province the text names ("Florida") pulls its towns ("Parkland") to it.
        admin1_in_text |= {
            normalise_name(p.name) for _, p, _ in resolved if p.feature_code == "ADM1"
        }
        anchors = [(span.start, p) for span, p, _ in resolved if is_town(p)]
        scored: dict[tuple[int, int], list[PlaceCandidate]] = {}
        resolved = self._resolve_all(
            doc, mentions, context2, admin1_in_text, own_votes, anchors, scored
        )
        return DocumentContext(context2, admin1_in_text, own_votes, resolved, anchors, scored)

    def _lookup_mention(self, span: Span) -> list[Place]:
        """Gazetteer candidates of a mention; AP abbreviations ("Ky.") are alternates already.

        A GPE-tagged division code ("BC", "NSW") resolves to its division; generic names
        ("Western", "Centre") are kept for :meth:`_resolve_all` to check against context.
        """
        candidates = self.gazetteer.lookup(span.text)
        if not candidates and span.label_ == "GPE" and span.text.replace(".", "").isupper():
            candidates = self.gazetteer.admin1_by_code(span.text)
        if not candidates and len(span) > 1 and span[-1].lower_ in DIVISION_WORDS:
            # "Kaduna State", "Idlib Governorate", "Donetsk Oblast": the division itself.
            candidates = [
                p
                for p in self.gazetteer.lookup(span[:-1].text)
                if p.feature_code in ("ADM1", "ADM2")
            ]
        return candidates
