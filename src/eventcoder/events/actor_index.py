"""An event's arguments as found, the index of a Doc's actor mentions by token (the actors of
a phrase, its conjuncts and appositions, a pair: 'both countries'), and what a verb points
at: its objects, prepositional objects and targets, a named place."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from eventcoder.events.argument_words import (
    ACCOMPLICE_NOUNS,
    GROUP_NOUNS,
    OBJECT_DEPS,
    PAIR_HEADS,
    PASSIVE_SUBJECT_DEPS,
    PLACE_ENTITY_LABELS,
    PLACE_NOUNS,
    ROLE_NOUNS,
    WEAK_PLACE_ENTITY_LABELS,
)
from eventcoder.models import ActorMention


@dataclass
class Arguments:
    source: list[ActorMention] = field(default_factory=list)
    target: list[ActorMention] = field(default_factory=list)
    symmetric: bool = False
    #: How the source was found: "parse" (direct), "inherited" (via a governing verb),
    #: "pronoun", "pair" (the document's main pair) or "" (none).
    source_path: str = ""
    #: Third parties who brokered the event ("a truce brokered by Russia between A and B").
    mediators: list[ActorMention] = field(default_factory=list)
    #: The rule that found the targets when it was not the direct parse of the trigger (see
    #: ``TARGET_RULES`` in events/explain.py): "object-noun", "complement", "pronoun",
    #: "location"; "" for the direct parse.
    target_rule: str = ""


class ActorIndex:
    """Maps tokens to the actor mentions covering them, and knows the document's main pair."""

    def __init__(self, doc: Doc, actors: list[ActorMention]) -> None:
        self.doc = doc
        self.by_token: dict[int, ActorMention] = {}
        for mention in actors:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.by_token.setdefault(token.i, mention)
        self.mentions = actors
        #: Token index of a first-person pronoun inside a quotation → the quotation's speaker
        #: ('"We will respond," the minister said'); filled by the events coder.
        self.quoted_first_person: dict[int, list[ActorMention]] = {}
        #: Start tokens of sentences wholly inside a quotation (filled by the events coder):
        #: a pronoun after a quotation looks past them for its antecedent.
        self.quoted_sentences: set[int] = set()
        #: Character spans of the document's quotations (filled by the events coder).
        self.quotation_spans: list[tuple[int, int]] = []
        self.main_pair = _main_pair(actors)

    def in_quotation(self, token: Token) -> bool:
        """Whether the token is inside one of the document's quotations."""
        return any(start <= token.idx < end for start, end in self.quotation_spans)

    def at(self, token: Token) -> ActorMention | None:
        return self.by_token.get(token.i)

    def phrase(self, head: Token, *, depth: int = 0) -> list[ActorMention]:
        """The actors a noun phrase headed by ``head`` refers to (with its conjuncts)."""
        if depth > 4:
            return []
        found: list[ActorMention] = []
        direct = self._direct(head)
        if direct:
            found.extend(direct)
        elif self._is_pair(head) and self.main_pair:
            found.extend(self.main_pair)
        else:
            found.extend(self._recovered_apposition(head))
            # "two dozen countries, including Germany": the named members stand for the group.
            for obj in prep_objects(head, {"including"}):
                found.extend(self.phrase(obj, depth=depth + 1))
        for child in head.children:
            if child.dep_ in {"conj", "appos"}:
                found.extend(self.phrase(child, depth=depth + 1))
        return unique_actors(found)

    def _direct(self, head: Token, depth: int = 0) -> list[ActorMention]:
        if (mention := self.at(head)) is not None:
            # "military leaders from Burundi, Rwanda and Uganda": one mention covers the head
            # and the first country; the other countries are conjuncts of that country.
            named = [
                m
                for child in head.children
                if child.dep_ == "prep" and child.lower_ in {"of", "from"}
                for obj in child.children
                if obj.dep_ == "pobj" and self.at(obj) is mention
                for conj in obj.conjuncts
                if (m := self.at(conj)) is not None
            ]
            # "senior U.S. and Iranian officials": coordinated modifiers name one party each.
            named += [
                m
                for child in head.children
                if child.dep_ in {"amod", "compound", "nmod"}
                for word in (child, *child.conjuncts)
                if (m := self.at(word)) is not None and m is not mention
            ]
            return unique_actors([mention, *named])
        if depth > 2:
            return []
        # "the Armenian administration", "Russia's army", "the administration in Armenia",
        # "the territory of Armenia": a modifier names the actor the head belongs to.
        for child in head.children:
            if child.dep_ in {"amod", "compound", "poss", "nmod"} and (m := self.at(child)):
                return [m]
        # "in"/"from" name whose agent it is only for agent nouns ("the administration in
        # Armenia", "observers from the OSCE"), not for people located somewhere ("Albanians in
        # Serbia"); "of" always does ("the leaders of Armenia", "the territory of Armenia").
        agentive = head.lemma_.lower() in GROUP_NOUNS | ROLE_NOUNS | {"mission", "delegation"}
        preps = {"of", "in", "from"} if agentive else {"of"}
        if head.lemma_.lower() in PLACE_NOUNS:
            # "shelled a city in northeastern Syria", "positions near the Armenian border": a
            # place is the country it lies in; what happens to it happens to that country.
            preps = {"of", "in", "near", "inside"}
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    if (m := self.at(obj)) is not None:
                        # "the leaders of Armenia and Azerbaijan": keep the conjuncts too.
                        return unique_actors([m, *self._conjuncts(obj)])
                    if found := self._direct(obj, depth + 1):
                        return found
        return []

    def _conjuncts(self, token: Token) -> list[ActorMention]:
        return [m for c in token.children if c.dep_ == "conj" and (m := self.at(c))]

    def _is_pair(self, head: Token) -> bool:
        if head.lemma_.lower() not in PAIR_HEADS:
            return False
        words = {c.lower_ for c in head.children}
        if "other" in words or any(c.dep_ == "nummod" and list(c.children) for c in head.children):
            return False  # "two dozen other countries" is not the pair
        return bool(words & {"two", "both"}) or (head.lower_ in {"parties", "sides"})

    def _recovered_apposition(self, head: Token) -> list[ActorMention]:
        """'his counterpart, Defense Minister Hulusi Akar,': an apposition the parser missed."""
        if head.lemma_.lower() not in ROLE_NOUNS:
            return []
        right = max(t.i for t in head.subtree)
        doc = self.doc
        if right + 2 < len(doc) and doc[right + 1].text == ",":
            # Titles may precede the name inside the apposition ("Defense Minister Hulusi Akar").
            for token in doc[right + 2 : right + 6]:
                if token.is_punct or token.pos_ in {"VERB", "AUX"}:
                    break
                if (mention := self.at(token)) is not None:
                    return [mention]
        return []


def _main_pair(actors: list[ActorMention]) -> list[ActorMention]:
    """The two states the document is mostly about, if two clearly dominate."""
    states = [a for a in actors if a.kind in {"state", "metonym"} and len(a.code) == 3]
    counts = Counter(a.code for a in states)
    common = counts.most_common(3)
    if len(common) < 2 or common[1][1] < 2:
        return []
    if len(common) == 3 and common[2][1] >= common[1][1]:
        return []  # no clear pair
    first: dict[str, ActorMention] = {}
    for mention in states:
        first.setdefault(mention.code, mention)
    return [_as_country(first[common[0][0]]), _as_country(first[common[1][0]])]


def _as_country(mention: ActorMention) -> ActorMention:
    return mention.model_copy(update={"sector": None})


def unique_actors(mentions: list[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[str, str | None]] = set()
    result: list[ActorMention] = []
    for mention in mentions:
        key = (mention.code, mention.sector)
        if key not in seen:
            seen.add(key)
            result.append(mention)
    return result


def prep_objects(head: Token, preps: set[str]) -> list[Token]:
    objects: list[Token] = []
    for child in head.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:
            objects.extend(o for o in child.children if o.dep_ == "pobj")
    return objects


def verb_objects(verb: Token) -> list[Token]:
    """A verb's objects, with the subject of an infinitive it governs: the parser makes
    "Russia" in "wants Russia to play" or "urged Iran to stop" the infinitive's subject."""
    found = [c for c in verb.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    for clause in verb.children:
        if clause.dep_ in {"ccomp", "xcomp"} and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
        ):
            found.extend(c for c in clause.children if c.dep_ == "nsubj" and c.i > verb.i)
    return found


def named_place(token: Token, *, weak: bool = False) -> str | None:
    labels = PLACE_ENTITY_LABELS | WEAK_PLACE_ENTITY_LABELS if weak else PLACE_ENTITY_LABELS
    if token.ent_type_ not in labels:
        return None
    entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return entity.text if entity is not None else None


def verb_targets(verb: Token, index: ActorIndex, preps: set[str]) -> list[ActorMention]:
    targets: list[ActorMention] = []
    objects = verb_objects(verb)
    if not objects and verb.dep_ != "conj":
        # "Vietnam supports and wants Russia to ...": coordinated verbs share the object the
        # last of them carries.
        objects = [
            c
            for conj in verb.children
            if conj.dep_ == "conj" and conj.pos_ == "VERB"
            for c in verb_objects(conj)
            if c.dep_ not in PASSIVE_SUBJECT_DEPS
        ]
    for child in objects:
        targets.extend(index.phrase(child))
        # "urged X to ...", "called on X": the object's own prepositions do not add targets.
    for obj in prep_objects(verb, preps):
        if obj.head.lower_ == "with" and obj.lemma_.lower() in ACCOMPLICE_NOUNS:
            continue  # "tighten the blockade with Albania's help": an ally, not a target
        targets.extend(index.phrase(obj))
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in {"NOUN", "PROPN"}:
        # A reduced passive relative: "diplomats expelled by the US", "villages shelled
        # overnight": the noun it describes undergoes the event.
        targets.extend(index.phrase(verb.head))
    return unique_actors(targets)
