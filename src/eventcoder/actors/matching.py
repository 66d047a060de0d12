"""Dictionary matching: the PhraseMatcher over states, IGOs, agents, groups and people, and
the matches kept (proper names capitalised, no capital inside a place name or a dateline)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from eventcoder.actors.context import dateline_length
from eventcoder.actors.coordination import elliptical_matches
from eventcoder.actors.data import (
    fold,
)
from eventcoder.actors.matches import (
    Match,
    inside_place_name,
    is_capitalised,
    is_dateline,
    looks_proper,
    strip_possessive,
)
from eventcoder.actors.resolve_words import (
    AGENT,
    GROUP,
    IGO,
    NER_PERSON,
    PERSON,
    PRIORITY,
    PROPER,
    STATE,
)
from eventcoder.nlp.phrases import phrase_keys


class Matching:
    """Finds dictionary phrases in a Doc."""

    def _add_patterns(self) -> None:
        data = self.data
        tables: list[tuple[str, Iterable[str]]] = [
            (STATE, data.states),
            (IGO, data.igos),
            (AGENT, data.agents),
            (GROUP, data.groups),
            (PERSON, data.people),
        ]
        for label, keys in tables:
            texts: set[str] = set()
            for key in keys:
                texts.add(key)
                texts.update(data.surface_forms.get(key, ()))
                if any(ch in key for ch in ".'-"):
                    # The tokenizer splits "u.s." but keeps "U.S." whole: add cased forms.
                    texts.update((key.upper(), key.title()))
            # Token hashes, from the build-time tokenization when shipped (eventcoder.nlp.phrases).
            self.matcher.add(label, phrase_keys(self.nlp, sorted(texts)))

    def _matches(self, doc: Doc) -> list[Match]:
        strings = self.nlp.vocab.strings
        candidates: list[Match] = []
        # "KARAK, Jordan (AP) -": the dateline says where the report was filed; its state name
        # is a place (the agents layer uses it), not an actor.
        dateline_chars = dateline_length(doc)
        for match_id, start, end in self.matcher(doc):
            label = strings[match_id]
            span = doc[start:end]
            if label in PROPER and not looks_proper(span, label):
                continue
            if label == STATE:
                role = self.data.states[fold(span.text)].role
                if inside_place_name(span, role) or is_dateline(span, role):
                    continue
                if span.end_char <= dateline_chars:
                    continue
            candidates.append(Match(label, start, end, fold(span.text)))
        # "North and South Korea": the bare "North" is North Korea (actors/coordination.py).
        data = self.data
        candidates.extend(
            elliptical_matches(
                doc,
                candidates,
                {
                    STATE: lambda key: key in data.states and data.states[key].role == "name",
                    IGO: lambda key: key in data.igos,
                    GROUP: lambda key: key in data.groups,
                },
            )
        )
        candidates = self._drop_groups_inside_unknown_names(doc, candidates)
        # Longest first, then by label priority; keep matches that do not overlap chosen ones.
        # NER PERSON spans come last: the dictionary wins ("Yerevan's" tagged PERSON).
        candidates.sort(key=lambda m: (m.start - m.end, PRIORITY[m.label], m.start))
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                end = ent.end - 1 if ent.end - ent.start > 1 and ent[-1].tag_ == "POS" else ent.end
                candidates.append(Match(NER_PERSON, ent.start, end, fold(strip_possessive(ent))))
        taken = [False] * len(doc)
        chosen: list[Match] = []
        for match in candidates:
            if any(taken[match.start : match.end]):
                continue
            for i in range(match.start, match.end):
                taken[i] = True
            chosen.append(match)
        chosen.sort(key=lambda m: m.start)
        return chosen

    def _drop_groups_inside_unknown_names(self, doc: Doc, candidates: list[Match]) -> list[Match]:
        """A group's name inside a longer organisation name the dictionaries do not know is
        part of that name: "Bersatu" (a Thai insurgent group) in "Parti Pribumi Bersatu
        Malaysia" (a Malaysian party). Such a match is dropped when the run of capitalised words
        around it holds two or more other proper nouns that no dictionary explains (neither
        matched nor an organisation head word); "Boko Haram Islamists" keeps Boko Haram."""
        explained = {i for m in candidates for i in range(m.start, m.end)}
        kept: list[Match] = []
        for match in candidates:
            if match.label == GROUP:
                # The run of capitalised words around the match (the model often leaves such
                # names untagged, so the ORG entity alone is not enough).
                start, end = match.start, match.end
                while start > 0 and is_capitalised(doc[start - 1]):
                    start -= 1
                while end < len(doc) and is_capitalised(doc[end]):
                    end += 1
                run = doc[start:end]
                unexplained = [
                    t
                    for t in run
                    if not match.start <= t.i < match.end
                    and t.i not in explained
                    and t.pos_ == "PROPN"
                    and t.lower_ not in self.data.org_heads
                ]
                # A title-case headline ("Jets Strike Hamas Targets") has verbs in its run.
                if len(unexplained) >= 2 and not any(t.pos_ in {"VERB", "AUX"} for t in run):
                    continue
            kept.append(match)
        return kept
