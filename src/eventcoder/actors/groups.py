"""A noun-phrase group of matches resolved to one actor: a state or IGO with an agent's
sector, a capital in an acting role (metonymy), a national institution, a demonym."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token

from eventcoder.actors.data import (
    fold,
)
from eventcoder.actors.matches import TO_INFER, Group, Match, Resolved
from eventcoder.actors.metonymy import acts, placed
from eventcoder.actors.resolve_words import (
    AGENT,
    ARMED_SECTORS,
    CAPITAL_SECTORS,
    GROUP,
    IGO,
    INSTITUTION_NOUNS,
    NER_PERSON,
    PERSON,
    STATE,
)


class GroupResolution:
    """Resolves a noun-phrase group of matches to actors."""

    def _resolve_group(self, doc: Doc, group: Group, published: dt.date | None) -> list[Resolved]:
        anchors = group.of(STATE, IGO, GROUP)
        agents = group.of(AGENT)
        people = group.of(PERSON, NER_PERSON)
        agent_sector = self._agent_sector(agents, group.head)
        start = min(m.start for m in group.matches)
        end = max(m.end for m in group.matches)

        if not anchors:
            leader = self._leader_government(doc, group, people, published)
            if leader is not None:
                return [leader]
        codes = {self._anchor_code(m) for m in anchors}
        titled = self._titled_name(doc, group) if agents and not people else None
        if titled is not None:
            # "Kenyan Foreign Minister Jane Otieno": a name the dictionary and NER both miss.
            if len(codes) > 1 or (not codes and agent_sector is None):
                return []
            # "Police chief John Smith": the agents layer infers the country.
            code = next(iter(codes)) if codes else TO_INFER
            return [Resolved(start, titled.end, code, agent_sector, titled.text, "person")]
        if people:
            person = people[-1]
            if group.head >= person.end and self._is_institution(doc[group.head]):
                return []  # "King Juan Carlos University": named after a person
            known = self._person_at(person, published)
            text_code = next(iter(codes)) if len(codes) == 1 else None
            bare_country = all(m.label == STATE for m in anchors) and not self._demonym(anchors)
            if text_code and not agents and not known and bare_country:
                # "Georgia Stevens": a bare country name before a name is no title.
                text_code = None
            code = text_code or (known[0] if known else None)
            if code is None and agents and agent_sector and not anchors:
                code = TO_INFER  # "Judge Alejandro Rivera": a title with no country
            if code is None:
                return []
            sector = agent_sector if agents else None
            if sector is None and known and known[0] == code:
                sector = known[1]
            if group.head >= person.end and agents:
                # "the Trump administration": the state's institution, not the person.
                return [Resolved(start, end, code, sector, self.data.name_of(code), "state")]
            name = self._person_name(person, doc)
            return [Resolved(start, end, code, sector, name, "person")]

        if not anchors:
            return []
        if len(codes) > 1:
            # "Armenia-Azerbaijan relations": one mention per country, no shared sector.
            return [
                r
                for m in anchors
                for r in self._resolve_anchor(doc, m, m.start, m.end, None, has_agent=False)
            ]
        anchor = anchors[0]
        if (
            anchor.label == STATE
            and not agents
            and anchor.start > 0
            and doc[anchor.start - 1].lower_ == "ethnic"
            and self._demonym([anchor])
        ):
            # "ethnic Albanians in Serbia", "ethnic Uzbeks": a minority, civilians of the
            # country they live in (inferred from the context), not of their kin state.
            kin = self.data.name_of(self.data.states[anchor.key].code)
            rule = f"ethnic group: 'ethnic {doc[anchor.start : anchor.end].text}' (kin state {kin})"
            return [Resolved(anchor.start - 1, end, TO_INFER, "CVL", "", "state", rule=rule)]
        # Sector words before the anchor belong to another phrase ("army of" is handled by
        # the prepositional rule), so the mention starts at the first anchor or agent.
        return self._resolve_anchor(doc, anchor, start, end, agent_sector, has_agent=bool(agents))

    def _resolve_anchor(
        self,
        doc: Doc,
        anchor: Match,
        start: int,
        end: int,
        sector: str | None,
        *,
        has_agent: bool,
    ) -> list[Resolved]:
        data = self.data
        if anchor.label == IGO:
            code = data.igos[anchor.key]
            return [Resolved(start, end, code, sector, data.name_of(code), "igo")]
        if anchor.label == GROUP:
            code, group_sector, kind = data.groups[anchor.key]
            name = data.group_names.get(anchor.key) or doc[anchor.start : anchor.end].text
            if group_sector and sector in ARMED_SECTORS:
                sector = group_sector  # "ISIS fighters" are the group's rebels, not UAF
            return [Resolved(start, end, code, sector or group_sector, name, kind)]
        state = data.states[anchor.key]
        if state.metonym_sector:
            written = doc[anchor.start : anchor.end].text
            if written.isupper() and len(written) > 3:
                return []  # a dateline ("MANILA (AP) -"), not an actor
            if has_agent:
                if sector not in CAPITAL_SECTORS:
                    return []  # "Rome police": the city's, not the state's
                return [
                    Resolved(start, end, state.code, sector, data.name_of(state.code), "metonym")
                ]
            root = doc[anchor.start : anchor.end].root
            if state.is_seat and placed(root):
                return []  # "gathered outside Downing Street": a place
            if not state.is_seat and not acts(root):
                return []  # "in Yerevan", "to Moscow": a place
            name = data.name_of(state.code)
            return [Resolved(start, end, state.code, state.metonym_sector, name, "metonym")]
        return [Resolved(start, end, state.code, sector, data.name_of(state.code), "state")]

    def _is_institution(self, token: Token) -> bool:
        """Whether a noun heads an institution's name ("University", "Union", "Airways"),
        which is never a person's name."""
        return token.lower_ in INSTITUTION_NOUNS or token.lower_ in self.data.org_heads

    def _demonym(self, anchors: list[Match]) -> bool:
        """Whether the anchors are written as a demonym ("Emirati"), not a country name."""
        return any(
            m.label == STATE and m.key != fold(self.data.name_of(self.data.states[m.key].code))
            for m in anchors
        )

    def _anchor_code(self, match: Match) -> str:
        if match.label == IGO:
            return self.data.igos[match.key]
        if match.label == GROUP:
            return self.data.groups[match.key][0]
        return self.data.states[match.key].code

    def _agent_sector(self, agents: list[Match], head: int) -> str | None:
        """The sector of the agent nearest the head ("Defense Minister" in front of a name)."""
        sectors = [self.data.agents.get(m.key) for m in sorted(agents, key=lambda m: m.end)]
        known = [s for s in sectors if s]
        return known[-1] if known else None
