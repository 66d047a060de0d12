"""Agents that borrow their actor through the parse: 'the administration in Armenia', a
person's appositive, conjoined sectors, and the country an agent's context implies."""

from __future__ import annotations

import itertools

from spacy.tokens import Doc, Token

from eventcoder.actors.context import CountryContext
from eventcoder.actors.coordination import COORDINATORS
from eventcoder.actors.matches import (
    TO_INFER,
    Group,
    Match,
    Resolved,
    facility_placed,
    inside_unknown_name,
)
from eventcoder.actors.organisations import place_in_name
from eventcoder.actors.private_persons import PRIVATE_PERSON_RULE
from eventcoder.actors.resolve_words import (
    AGENT,
    DIPLOMAT_WORDS,
    EARLIER_AGENT_SENTENCES,
    GROUP,
    IGO,
    IN_SECTORS,
    INSTITUTION_AGENT_NOUNS,
    MAX_APPOSITIVE_TOKENS,
    NER_PERSON,
    NO_COUNTRY_WORDS,
    PERSON,
    PREPS_OF,
    STATE,
)


class Attachment:
    """Attaches agent-only phrases to the actor the parse gives them."""

    def _attach_prepositional(
        self, doc: Doc, groups: dict[int, Group], resolved: dict[int, list[Resolved]]
    ) -> None:
        """'the administration in Armenia', 'spokesman of the Iranian Ministry...'."""
        # Innermost first, so "spokesman of [the Iranian Ministry of Foreign Affairs]" sees
        # the ministry already resolved.
        for head in sorted(groups, key=lambda h: -doc[h].i):
            group = groups[head]
            if resolved[head] or group.of(STATE, IGO, GROUP, PERSON, NER_PERSON):
                continue
            sector = self._agent_sector(group.of(AGENT), head)
            for owner in doc[head].children:
                # "Georgia's government", "Russia's army": the possessor is the actor.
                if owner.dep_ == "poss" and len(resolved.get(owner.i, [])) == 1:
                    inner = resolved[owner.i][0]
                    if inner.kind in {"state", "igo", "metonym"}:
                        end = max(m.end for m in group.matches)
                        kind = inner.kind
                        resolved[head] = [
                            Resolved(inner.start, end, inner.code, sector, inner.name, kind)
                        ]
                        resolved[owner.i] = []
            if resolved[head]:
                continue
            for prep in doc[head].children:
                if prep.dep_ != "prep":
                    continue
                word = prep.lower_
                if word not in PREPS_OF and not (word == "in" and sector in IN_SECTORS):
                    continue
                for pobj in prep.children:
                    items = resolved.get(pobj.i, [])
                    if pobj.dep_ != "pobj" or not items:
                        continue
                    rest: list[Resolved] = []
                    if len(items) > 1:
                        # "Soldiers from North and South Korea" (one phrase, two states):
                        # the agent is the first state's, and the others share its sector.
                        # Joined by "and" only: the hyphenated "Russia-Ukraine talks" is
                        # what the talks are about, not whose officials they are.
                        if not sector or not coordinated(doc, items):
                            continue
                        rest = [
                            Resolved(r.start, r.end, r.code, r.sector or sector, r.name, r.kind)
                            for r in items[1:]
                        ]
                    inner = items[0]
                    if inner.kind in {"person", "metonym"}:
                        continue
                    start = min(m.start for m in group.matches)
                    resolved[head] = [
                        Resolved(
                            start,
                            inner.end,
                            inner.code,
                            sector or inner.sector,
                            inner.name,
                            inner.kind,
                        )
                    ]
                    resolved[pobj.i] = rest

    def _add_agents(
        self, doc: Doc, groups: dict[int, Group], resolved: dict[int, list[Resolved]]
    ) -> None:
        """The agents layer: a generic agent noun ("police", "gunmen", "a teenager", "the
        regime") that no rule above gave an actor becomes one with its sector; its country is
        inferred later (:meth:`_infer_countries`).

        Only when the agent word heads its phrase ("police" in "the police", not in "police
        station"), carries a sector ("side" does not), and no word says the agent is of no
        single country ("international observers", "foreign journalists") or belongs to a
        named organisation the dictionaries miss ("All Progressives Congress"). Needs the
        parse: without it an agent cannot be told from a modifier of another noun."""
        if not len(doc) or not doc[0].dep_:  # cheaper than doc.has_annotation("DEP")
            return
        for head, group in groups.items():
            if resolved[head] or group.of(PERSON, NER_PERSON, IGO, GROUP):
                continue
            agents = group.of(AGENT)
            token = doc[head]
            if not any(m.start <= head < m.end for m in agents) or token.pos_ == "ADJ":
                continue
            sector = self._agent_sector(agents, head)
            if sector is None:
                continue
            facility = next(
                (self.data.facilities.get(m.key) for m in agents if m.start <= head < m.end), None
            )
            if facility == "named":
                continue  # "the embassy", "an embassy in London": whose, the words do not say
            if facility == "place" and facility_placed(token):
                continue  # "detained at a police station": where, not whom
            covered = {i for m in group.matches for i in range(m.start, m.end)}
            if any(
                child.dep_ in {"amod", "compound", "nmod"}
                and child.i not in covered
                and child.lower_ in NO_COUNTRY_WORDS
                for child in token.children
            ):
                continue
            if inside_unknown_name(token, covered):
                continue
            start = min(m.start for m in group.matches)
            end = max(m.end for m in group.matches)
            resolved[head] = [Resolved(start, end, TO_INFER, sector, "", "state")]

    def _infer_countries(self, doc: Doc, found: list[Resolved]) -> list[Resolved]:
        """Give each agent that still needs a country the one its context implies (see
        ``actors/context.py`` for the order); agents in a document that names no country at
        all are dropped."""
        pending = [r for r in found if r.needs_country]
        if not pending:
            return found
        known = [r for r in found if not r.needs_country]
        context = CountryContext(
            doc,
            self.data,
            self.place_countries,
            actors=[(r.start, r.end, r.code) for r in known if r.code in self.data.countries],
            acting_spans=[(r.start, r.end) for r in known if r.kind == "metonym"],
        )
        result = list(known)
        for item in sorted(pending, key=lambda r: r.start):
            if any(k.start < item.end and item.start < k.end for k in known):
                continue  # already part of a resolved actor's phrase ("X, spokesman of ...")
            if _is_diplomat(doc, item) or _names_a_diplomat(doc, item, result):
                # An ambassador serves abroad: where the story is says nothing of whose envoy
                # they are. "Russia's ambassador to Turkey ... Ambassador Andrei Karlov": the
                # nearest earlier diplomat whose country the text named; else no actor.
                earlier = _earlier_diplomat(doc, item, result)
                if earlier is None:
                    continue
                rule = f"diplomat: the country of {doc[earlier.start : earlier.end].text!r}"
                named = item.kind == "person" or (item.rule and item.name)
                name = item.name if named else self.data.name_of(earlier.code)
                result.append(
                    Resolved(
                        item.start,
                        item.end,
                        earlier.code,
                        item.sector,
                        name,
                        item.kind,
                        None,
                        item.rule or rule,
                    )
                )
                continue
            same = _same_person_placed(item, result)
            if same is not None:
                # "Stephon Clark ... Clark": a bare surname, given name or repeated full name
                # is the person named first, wherever the later sentence happens.
                result.append(
                    Resolved(
                        item.start,
                        item.end,
                        same.code,
                        item.sector,
                        item.name,
                        item.kind,
                        same.country_source,
                        item.rule,
                    )
                )
                continue
            head = doc[item.start : item.end].root
            inferred = place_in_name(context, item.place_hints)
            earlier = self._same_agent_named_earlier(doc, head, result)
            inferred = inferred or context.infer(
                head,
                item.sector,
                (item.start, item.end),
                earlier=earlier,
                own_clause=item.rule == PRIVATE_PERSON_RULE,
            )
            if inferred is None:
                continue
            code, source = inferred
            named = item.kind == "person" or (item.rule and item.name)
            name = item.name if named else self.data.name_of(code)
            result.append(
                Resolved(
                    item.start, item.end, code, item.sector, name, item.kind, source, item.rule
                )
            )
        return result

    def _same_agent_named_earlier(self, doc: Doc, head: Token, found: list[Resolved]) -> str | None:
        """The country of the nearest earlier mention, within ``EARLIER_AGENT_SENTENCES``
        sentences, of the same institution noun whose words named its country: "China's
        commerce ministry said ... The ministry said" -> CHN; "the Syrian army ... the army"
        -> SYR (``country_source`` "earlier"; see actors/context.py for where it stands in
        the order). Only for a state's institutions (``INSTITUTION_AGENT_NOUNS``), of which a
        story's "the ministry" is the one just named; not for office-holders ("the
        president") or for an owner named by a pronoun ("their diplomats")."""
        lemma = head.lemma_.lower()
        if lemma not in INSTITUTION_AGENT_NOUNS:
            return None  # "the president": stories name several states' presidents
        if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children):
            return None  # "their diplomats", "its army": the pronoun's owner
        first_sentence = head.sent.start
        for _ in range(EARLIER_AGENT_SENTENCES):
            if first_sentence == 0:
                break
            first_sentence = doc[first_sentence - 1].sent.start
        candidates = [
            r
            for r in found
            if first_sentence <= r.start
            and r.end <= head.i
            and r.country_source is None
            and r.kind == "state"
            and r.code in self.data.countries
            and doc[r.start : r.end].root.lemma_.lower() == lemma
        ]
        return max(candidates, key=lambda r: r.start).code if candidates else None

    def _attach_appositives(
        self, doc: Doc, groups: dict[int, Group], resolved: dict[int, list[Resolved]]
    ) -> None:
        """'Nasser Kenani, spokesman of the Iranian Ministry of Foreign Affairs' -> IRN GOV."""
        for head, group in groups.items():
            people = group.of(PERSON, NER_PERSON)
            if not people:
                continue
            for appos in doc[head].children:
                if appos.dep_ != "appos" or not resolved.get(appos.i):
                    continue
                title = resolved[appos.i][0]
                if title.kind == "person" or title.end - head > MAX_APPOSITIVE_TOKENS:
                    continue  # a long appositive's country is rarely the person's
                current = resolved.get(head) or []
                person = people[-1]
                name = self._person_name(person, doc)
                start = min(m.start for m in group.matches)
                if current:
                    own = current[0]
                    code, sector = own.code, own.sector or title.sector
                    if code != title.code:
                        continue  # the text's own title wins over an odd parse
                else:
                    code, sector = title.code, title.sector
                resolved[head] = [Resolved(start, title.end, code, sector, name, "person")]
                resolved[appos.i] = []

    @staticmethod
    def _share_conjoined_sector(
        doc: Doc,
        matches: list[Match],
        groups: dict[int, Group],
        resolved: dict[int, list[Resolved]],
    ) -> None:
        """'Armenian and Azerbaijani soldiers': the second country shares 'soldiers' (MIL)."""
        # Only tokens of state/IGO/group matches: "Armenian soldiers and Azerbaijan" conjoins
        # Azerbaijan with the soldiers, not with "Armenian", and shares no sector.
        head_of = {
            i: m.head
            for m in matches
            if m.label in {STATE, IGO, GROUP}
            for i in range(m.start, m.end)
        }
        for head, items in resolved.items():
            if len(items) != 1 or items[0].sector or items[0].kind not in {"state", "igo"}:
                continue
            token = doc[head]
            if token.dep_ != "conj" or token.head.i not in head_of:
                continue
            partner_head = head_of[token.head.i]
            partner = resolved.get(partner_head) or []
            if not partner and groups[partner_head].of(STATE, IGO):
                # "the leaders of Armenia and Azerbaijan": Armenia was absorbed into the
                # "leaders of" mention, whose sector Azerbaijan shares.
                owner = [
                    r
                    for rs in resolved.values()
                    for r in rs
                    if r.start <= token.head.i < r.end and r.sector and r.kind in {"state", "igo"}
                ]
                if len(owner) == 1:
                    item = items[0]
                    resolved[head] = [
                        Resolved(
                            item.start, item.end, item.code, owner[0].sector, item.name, item.kind
                        )
                    ]
                continue
            agent_heads = {m.head for m in groups[partner_head].of(AGENT)}
            if len(partner) == 1 and partner[0].sector and partner_head in agent_heads:
                item, other = items[0], partner[0]
                end = item.end
                anchors = groups[partner_head].of(STATE, IGO, GROUP)
                if anchors and other.start < item.start < other.end:
                    # Split "Armenian and Azerbaijani soldiers" into "Armenian" and
                    # "Azerbaijani soldiers" so that mentions never overlap.
                    first = anchors[0]
                    resolved[partner_head] = [
                        Resolved(
                            first.start, first.end, other.code, other.sector, other.name, other.kind
                        )
                    ]
                    end = other.end
                resolved[head] = [
                    Resolved(item.start, end, item.code, other.sector, item.name, item.kind)
                ]


def _same_person_placed(item: Resolved, found: list[Resolved]) -> Resolved | None:
    """The earliest person before ``item`` of the same name whose country was inferred, for a
    person mention that still needs one (see :meth:`Attachment._infer_countries`)."""
    if item.kind != "person" or not item.name:
        return None
    earlier = [
        r
        for r in found
        if r.kind == "person" and r.name == item.name and r.code and r.end <= item.start
    ]
    return min(earlier, key=lambda r: r.start) if earlier else None


def _is_diplomat(doc: Doc, item: Resolved) -> bool:
    """Whether an agent or titled person is a diplomat posted abroad ("the ambassador",
    "Ambassador Andrei Karlov", "envoys"). "Their diplomats" is not one for this rule: its
    possessive pronoun names the owner, whom the context inference approximates better than
    an earlier diplomat of another state would."""
    words = doc[item.start : item.end]
    if not any(t.lower_ in DIPLOMAT_WORDS for t in words):
        return False
    return not any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in words.root.children)


def _names_a_diplomat(doc: Doc, item: Resolved, found: list[Resolved]) -> bool:
    """Whether a bare surname ("Karlov") is a person named earlier with a diplomat's title
    ("Ambassador Andrei Karlov")."""
    return item.kind == "person" and any(
        r.kind == "person" and r.name == item.name and _is_diplomat(doc, r) for r in found
    )


def _earlier_diplomat(doc: Doc, item: Resolved, found: list[Resolved]) -> Resolved | None:
    """The nearest diplomat before ``item`` whose country is known (see :func:`_is_diplomat`);
    for a bare surname, the same person's titled mention."""
    earlier = [
        r
        for r in found
        if r.end <= item.start
        and r.code
        and r.kind != "igo"
        and _is_diplomat(doc, r)
        and (not _names_a_diplomat(doc, item, found) or r.name == item.name)
    ]
    return max(earlier, key=lambda r: r.start) if earlier else None


def coordinated(doc: Doc, items: list[Resolved]) -> bool:
    """Whether states or IGOs of one phrase are joined by coordinators ("North and South
    Korea", "Armenia, Azerbaijan and Georgia"), not by hyphens ("Armenia-Azerbaijan")."""
    ordered = sorted(items, key=lambda r: r.start)
    return all(r.kind in {"state", "igo"} for r in ordered) and all(
        any(t.lower_ in COORDINATORS for t in doc[a.end : b.start])
        for a, b in itertools.pairwise(ordered)
    )
