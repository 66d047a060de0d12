"""People: a title in the text, the dictionary of office-holders at the publication date, a
leader's name on a government noun, and later bare surnames of a person resolved earlier."""

from __future__ import annotations

import datetime as dt

import numpy
from spacy.attrs import ENT_TYPE, POS
from spacy.tokens import Doc, Span

from eventcoder.actors.data import (
    Person,
    fold,
)
from eventcoder.actors.matches import Group, Match, Resolved, entity_start, strip_possessive
from eventcoder.actors.resolve_words import (
    COREF_ENT_TYPES,
    GOVERNMENT_NOUNS,
    NAME_ENT_TYPES,
    NER_PERSON,
    PERSON,
    PROPN_ID,
)


class People:
    """Resolves people and the offices they hold."""

    def _titled_name(self, doc: Doc, group: Group) -> Span | None:
        """The proper-noun run after a title, ending at the phrase head, if there is one."""
        head = doc[group.head]
        last = max(m.end for m in group.matches)
        if head.pos_ != "PROPN" or head.i < last or self._is_institution(head):
            return None  # "King Juan Carlos University" is a place of study, not a person
        name = doc[last : head.i + 1]
        if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
            return None
        for token in name:
            if token.ent_type_ in NAME_ENT_TYPES:
                continue
            # The small model often tags foreign names ORG; an organisation that starts
            # before the name ("Premier League") is not a titled person.
            if token.ent_type_ != "ORG" or entity_start(token) < name.start:
                return None
        return name

    def _person_at(self, match: Match, published: dt.date | None) -> tuple[str, str | None] | None:
        candidates: list[Person] = self.data.people.get(match.key, [])
        if not candidates:
            return None
        results = {p.name: p.at(published) for p in candidates}
        found = {name: r for name, r in results.items() if r is not None}
        if len(found) == 1:
            return next(iter(found.values()))
        with_sector = [r for r in found.values() if r[1]]
        if len(with_sector) == 1:
            return with_sector[0]  # of two namesakes, the one in office then
        return None

    def _person_name(self, match: Match, doc: Doc) -> str:
        candidates = self.data.people.get(match.key, [])
        if len(candidates) == 1:
            return candidates[0].name
        return strip_possessive(doc[match.start : match.end])

    def _coreferent_surnames(
        self, doc: Doc, matches: list[Match], found: list[Resolved]
    ) -> list[Resolved]:
        """A bare name that an earlier mention resolved ("Kenani said") gets that actor."""
        by_name: dict[str, Resolved] = {}
        for item in sorted(found, key=lambda r: r.start):
            if item.kind != "person":
                continue
            keys = {fold(item.name), fold(item.name).split()[-1]}
            last = doc[item.end - 1]
            phrase = doc[item.start : item.end]
            if last.pos_ == "PROPN" and not any(t.lower_ in {",", "of"} for t in phrase):
                # The name as written ("Esmaeil Baghaei Hamaneh"), when the mention ends with
                # it rather than with an appositive or "of" title.
                keys.add(fold(strip_possessive(doc[last.i : last.i + 1])))
            for key in keys:
                by_name.setdefault(key, item)
        given_only: set[str] = set()
        for key, item in _given_names(found).items():
            # "Yulia Skripal ... Yulia had phoned", "his wife Li Wenzu ... Li and a group of
            # supporters": a bare first name of exactly one person named in full before.
            if key not in self.data.agents and key not in self.data.states and key not in by_name:
                by_name[key] = item
                given_only.add(key)
        covered = [False] * len(doc)
        for item in found:
            for i in range(item.start, item.end):
                covered[i] = True
        if not by_name:
            return []
        extra: list[Resolved] = []
        names = [(m.start, m.end, m.key) for m in matches if m.label in {PERSON, NER_PERSON}]
        # "Li Keqiang ... Li Wenzu": a given name opening another full name is not that person.
        full_name_starts = {
            m.start for m in matches if m.label == NER_PERSON and m.end - m.start > 1
        }
        # The model misses many bare surnames ("Hamaneh's remarks"): proper nouns count too.
        # Read the tags as arrays: making a Token object per word costs more than all the rest.
        tags = doc.to_array([POS, ENT_TYPE]) if len(doc) else None
        coref_types = {0, *(self.nlp.vocab.strings.add(t) for t in COREF_ENT_TYPES if t)}
        for i in [] if tags is None else numpy.flatnonzero(tags[:, 0] == PROPN_ID).tolist():
            if covered[i] or int(tags[i, 1]) not in coref_types:
                continue
            text = doc[i].text
            # "May" the month is a DATE; the model tags many foreign surnames ORG.
            if text[:1].isupper():
                names.append((i, i + 1, fold(text)))
        # The longest name at each start first: "Wang Quanzhang" before its given name "Wang".
        for start, end, key in sorted(set(names), key=lambda n: (n[0], -n[1])):
            if not key or any(covered[start:end]):
                continue
            if end - start == 1 and start in full_name_starts and key in given_only:
                continue
            earlier = by_name.get(key) or by_name.get(key.split()[-1])
            if earlier is not None and earlier.start < start:
                extra.append(
                    Resolved(start, end, earlier.code, earlier.sector, earlier.name, "person")
                )
                for i in range(start, end):
                    covered[i] = True
        return extra

    def _leader_government(
        self, doc: Doc, group: Group, people: list[Match], published: dt.date | None
    ) -> Resolved | None:
        """'the Bush administration', 'Putin's government', 'the Erdogan regime': the leader's
        state, sector GOV. The phrase names the government itself, so a surname whose
        office-holders all served one state resolves whatever the publication date."""
        head = doc[group.head]
        if head.lower_ not in GOVERNMENT_NOUNS:
            return None
        for child in head.children:
            if child.dep_ not in {"compound", "poss"} or child.i > head.i:
                continue
            if child.pos_ != "PROPN" or not child.text[:1].isupper():
                continue
            code = None
            for person in people:
                if person.start <= child.i < person.end:
                    known = self._person_at(person, published) or self._person_at(person, None)
                    code = known[0] if known else None
            key = fold(strip_possessive(doc[child.i : child.i + 1]))
            code = code or self.data.leader_states.get(key)
            if code is None:
                continue
            start = min(child.left_edge.i, *(m.start for m in group.matches))
            return Resolved(start, head.i + 1, code, "GOV", self.data.name_of(code), "state")
        return None


def _given_names(found: list[Resolved]) -> dict[str, Resolved]:
    """The first word of each full name (two words or more) that only one person of the
    document has; a first word two people share ("Li Keqiang", "Li Wenzu") names neither."""
    owners: dict[str, set[str]] = {}
    first: dict[str, Resolved] = {}
    for item in sorted(found, key=lambda r: r.start):
        words = fold(item.name).split() if item.kind == "person" else []
        if len(words) < 2:
            continue
        owners.setdefault(words[0], set()).add(fold(item.name))
        first.setdefault(words[0], item)
    return {key: item for key, item in first.items() if len(owners[key]) == 1}
