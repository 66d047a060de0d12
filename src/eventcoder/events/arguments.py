"""Event arguments from the dependency parse: who acts (source) and who is acted on (target).

Actors are never guessed from words here: every argument is an :class:`ActorMention` the actors
stage found, reached from the trigger through the parse (subject, object, prepositions, passive
agent, possessor, coordination, apposition), or the document's main pair of parties when the text
refers to them as a pair ("the two countries", "both sides").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from eventcoder.events.lexicon import word_set
from eventcoder.models import ActorMention

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "dative", "obj", "iobj"}
#: Prepositions whose object is the target of the event ("talks with", "attack on").
TARGET_PREPS = {"with", "to", "against", "on", "at", "toward", "towards", "into", "upon", "for"}
#: Verbs that carry an event noun ("held talks", "made an application", "launched an attack").
LIGHT_VERBS = word_set(
    "hold make have launch carry conduct stage mount sign reach conclude send give "
    "provide announce demonstrate offer impose issue file submit lodge express pay take "
    "begin start resume receive extend deliver level voice organize organise perform"
)
#: Verbs of which an event noun can be the subject ("clashes started", "fighting broke out").
ONSET_VERBS = word_set(
    "start begin erupt break resume intensify escalate flare continue occur happen take "
    "spread rage renew"
)
#: Nouns whose "of"-phrase is what is acted on, not who acts ("the occupation of Karabakh",
#: "the shelling of Donetsk", "the killing of four soldiers").
OBJECT_OF_NOUNS = word_set(
    "occupation invasion blockade release arrest detention expulsion recognition support "
    "withdrawal bombing shelling bombardment killing murder assassination kidnapping "
    "abduction massacre siege capture seizure execution torture persecution deportation "
    "eviction harassment intimidation closure dissolution condemnation criticism isolation "
    "surveillance annexation poisoning stabbing beheading"
)
#: Nouns of harm done to a person, whose possessor is the victim ("Karlov's assassination").
PERSONAL_HARM_NOUNS = word_set(
    "assassination killing murder kidnapping abduction arrest detention execution torture "
    "poisoning release expulsion deportation death beating imprisonment"
)
#: Nouns for places: the country a place lies in ("a city in Syria") stands for the place.
PLACE_NOUNS = word_set(
    "city town village area region province district position base outpost post "
    "checkpoint station border territory camp neighbourhood neighborhood settlement enclave "
    "stronghold bastion airport port facility building school hospital market mosque church "
    "headquarters compound capital suburb street prison jail"
)
#: A pair of parties referred to as a pair: head lemmas with "two"/"both" or plural "the parties".
PAIR_HEADS = {"country", "side", "party", "state", "nation", "neighbour", "neighbor", "rival"}
#: Verbs whose subject or agent undergoes the event noun ("sanctions faced by Russia").
EXPERIENCER_VERBS = {"face", "suffer", "receive", "undergo", "endure", "experience", "sustain"}
#: Nouns for people in a role, which an apposition names ("his counterpart, Hulusi Akar").
ROLE_NOUNS = word_set(
    "counterpart minister president leader spokesman spokesperson official envoy "
    "ambassador chief head colleague representative premier"
)
#: Verbs whose object did what their "for"/"of" phrase names ("blamed X for the attack").
ACCUSATION_VERBS = word_set("accuse blame charge condemn criticize criticise denounce fault")
#: Verbs whose (often passive-looking) subject takes part in the event noun after "in".
PARTICIPATION_VERBS = word_set("engage involve participate join")
PRONOUNS = {"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our", "them"}


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
        self.main_pair = _main_pair(actors)

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
        return _unique(found)

    def _direct(self, head: Token, depth: int = 0) -> list[ActorMention]:
        if (mention := self.at(head)) is not None:
            return [mention]
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
                        return _unique([m, *self._conjuncts(obj)])
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


def _unique(mentions: list[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[str, str | None]] = set()
    result: list[ActorMention] = []
    for mention in mentions:
        key = (mention.code, mention.sector)
        if key not in seen:
            seen.add(key)
            result.append(mention)
    return result


# ----------------------------------------------------------------- verb arguments
def subject_of(verb: Token, index: ActorIndex) -> tuple[list[ActorMention], str]:
    """The actors doing ``verb``: its own subject, else that of the verb governing it."""
    current: Token | None = verb
    path = "parse"
    for _ in range(5):
        if current is None:
            break
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            # One subject per verb: when the parser attaches two, the closest is the real one.
            subject = min(subjects, key=lambda s: abs(s.i - current.i))
            if subject.lower_ in PRONOUNS:
                # "he and Turkish President Erdogan agreed": the pronoun and its conjuncts.
                resolved = _unique(
                    resolve_pronoun(subject, index)
                    + [a for c in subject.children if c.dep_ == "conj" for a in index.phrase(c)]
                )
                return resolved, "pronoun" if resolved else ""
            actors = index.phrase(subject)
            if not actors and subject.pos_ in {"VERB", "AUX"}:
                # "The Red Cross operating in Iraq said": the parser made the participle the
                # subject; the noun it describes is the speaker.
                inner = [c for c in subject.children if c.dep_ in SUBJECT_DEPS]
                actors = index.phrase(inner[0]) if inner else []
            if actors:
                return actors, path
            if subject.lower_ in {"who", "which", "that"} and current.dep_ == "relcl":
                return index.phrase(current.head), "inherited"
            return [], ""
        if (
            current.dep_ == "acl"
            and current.head.lemma_.lower() in DOCUMENT_NOUNS
            and current.head.dep_ in {"dobj", "nsubjpass"}
        ):
            # "the Senate passed a resolution calling for ...": the document speaks for who
            # passed, issued or signed it.
            current, path = current.head.head, "inherited"
            continue
        if (
            current.tag_ == "VBG"
            and current.dep_ in {"amod", "acl"}
            and current.head.pos_ in {"NOUN", "PROPN"}
        ):
            # "the visiting defence minister", "Putin's spokesman, dismissing accusations,":
            # an active participle describes what its noun does.
            return index.phrase(current.head), path
        agent = _agent(current, index)
        if agent:
            return agent, path
        # "Turkey, on the other hand, demonstrated ...": the parser may leave the subject as a
        # fronted npadvmod.
        for child in current.children:
            if child.dep_ == "npadvmod" and child.i < current.i and (a := index.phrase(child)):
                return a, path
        # A passive verb's subject is acted on, not acting: stop climbing.
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in current.children):
            return [], ""
        # "decided to make", "convened ... and decided", "by accusing", "Speaking ..., X said"
        if current.dep_ in {"xcomp", "conj", "pcomp", "advcl", "acl", "acomp"}:
            if current.dep_ == "acl" and current.head.pos_ in {"NOUN", "PROPN"}:
                if current.head.dep_ == "ROOT" and any(
                    c.dep_ in OBJECT_DEPS | {"oprd"} for c in current.children
                ):
                    # "Mahathir, Malaysia's former leader, called the order ...": in a
                    # sentence with no other verb, the parser may hang the predicate on its
                    # subject as a clause describing it; the noun is the doer.
                    return index.phrase(current.head), "parse"
                return [], ""
            control = current.dep_ in {"pcomp", "xcomp"}
            current = current.head
            # Climb past prepositions, but never loop on a root: garbled text can parse with
            # a preposition as the sentence root (its own head).
            while (current.dep_ == "prep" or current.pos_ == "ADP") and current.head.i != current.i:
                current = current.head
            path = "inherited"
            if control:
                # Object control: "accused X of attacking", "prevented X from laying",
                # "urged X to stop": the governing verb's object does the embedded verb.
                for child in current.children:
                    if child.dep_ in {"dobj", "nsubjpass"} and (actors := index.phrase(child)):
                        return actors, path
            continue
        break
    return [], ""


def _agent(verb: Token, index: ActorIndex) -> list[ActorMention]:
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return index.phrase(obj)
    return []


def resolve_pronoun(pronoun: Token, index: ActorIndex) -> list[ActorMention]:
    """'France stated that it would ...': a pronoun subject refers to the governing subject,
    else to the subject of the previous sentence. "I"/"we" in a quotation is its speaker."""
    if pronoun.i in index.quoted_first_person:
        return index.quoted_first_person[pronoun.i]
    # The subject of any verb governing the pronoun's clause ("France stated that it ...",
    # "the ministry released questions that it wants ..."), nearest first.
    own_verb = pronoun.head
    for governor in own_verb.ancestors:
        if governor.pos_ not in {"VERB", "AUX"}:
            continue
        for child in governor.children:
            if child.dep_ in SUBJECT_DEPS and child.lower_ not in PRONOUNS:
                actors = index.phrase(child)
                if actors:
                    return actors
    sentence = pronoun.sent
    if sentence.start == 0:
        return []
    previous = pronoun.doc[sentence.start - 1].sent
    for token in previous:
        if token.dep_ in SUBJECT_DEPS and token.lower_ not in PRONOUNS:
            actors = index.phrase(token)
            if actors:
                return actors
    return []


def prep_objects(head: Token, preps: set[str]) -> list[Token]:
    objects: list[Token] = []
    for child in head.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:
            objects.extend(o for o in child.children if o.dep_ == "pobj")
    return objects


def verb_targets(verb: Token, index: ActorIndex, preps: set[str]) -> list[ActorMention]:
    targets: list[ActorMention] = []
    objects = _objects(verb)
    if not objects and verb.dep_ != "conj":
        # "Vietnam supports and wants Russia to ...": coordinated verbs share the object the
        # last of them carries.
        objects = [
            c
            for conj in verb.children
            if conj.dep_ == "conj" and conj.pos_ == "VERB"
            for c in _objects(conj)
            if c.dep_ not in PASSIVE_SUBJECT_DEPS
        ]
    for child in objects:
        targets.extend(index.phrase(child))
        # "urged X to ...", "called on X": the object's own prepositions do not add targets.
    for obj in prep_objects(verb, preps):
        targets.extend(index.phrase(obj))
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in {"NOUN", "PROPN"}:
        # A reduced passive relative: "diplomats expelled by the US", "villages shelled
        # overnight": the noun it describes undergoes the event.
        targets.extend(index.phrase(verb.head))
    return _unique(targets)


def _objects(verb: Token) -> list[Token]:
    """A verb's objects, with the subject of an infinitive it governs: the parser makes
    "Russia" in "wants Russia to play" or "urged Iran to stop" the infinitive's subject."""
    found = [c for c in verb.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    for clause in verb.children:
        if clause.dep_ in {"ccomp", "xcomp"} and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
        ):
            found.extend(c for c in clause.children if c.dep_ == "nsubj" and c.i > verb.i)
    return found


#: Verbs of reacting to, judging or reporting an event: their subject or agent is not its doer
#: ("the attack, condemned by the UN", "Russia denied the attack").
REACTION_VERBS = word_set(
    "condemn criticize criticise denounce deny reject report witness investigate blame "
    "welcome praise support survive face suffer fear mourn describe call dismiss confirm "
    "decry slam protest oppose claim recall remember commemorate mark cover film see watch "
    "document discuss regret deplore hail applaud question dispute acknowledge"
)
#: Documents that speak for whoever issued them ("a resolution calling for ...").
DOCUMENT_NOUNS = word_set(
    "resolution statement letter declaration communique motion bill petition decree report "
    "memorandum note order ruling verdict"
)
#: Verbs of removal whose "from X" names who removes when no agent is given ("diplomats were
#: expelled from the United States": the United States expelled them).
REMOVAL_VERBS = word_set("expel deport evict oust ban bar banish kick")

#: Verbs whose object is the subject's own force being moved (send, deploy, withdraw troops).
FORCE_MOVING_VERBS = word_set(
    "send deploy dispatch redeploy station mobilize mobilise move withdraw pull"
)


def verb_arguments(verb: Token, index: ActorIndex, symmetric: bool) -> Arguments:
    source, path = subject_of(verb, index)
    target = verb_targets(verb, index, TARGET_PREPS)
    if not source and verb.lemma_.lower() in REMOVAL_VERBS:
        source = [a for obj in prep_objects(verb, {"from"}) for a in index.phrase(obj)]
        path = "parse" if source else path
        target = [t for t in target if t not in source]
    if verb.lemma_.lower() in FORCE_MOVING_VERBS:
        # "Germany will send troops to Lithuania": the sender's own forces are what moves,
        # not the recipient (the agents layer now codes "troops" with the sender's country).
        own = {a.code for a in source}
        moved = {id(a) for c in verb.children if c.dep_ in OBJECT_DEPS for a in index.phrase(c)}
        target = [a for a in target if not (id(a) in moved and a.code in own)]
    between = [a for obj in prep_objects(verb, {"between", "among"}) for a in index.phrase(obj)]
    rule = ""
    if not target:
        rule = "object-noun"
        target = [t for t in object_noun_targets(verb, index) if t not in source]
    if not target:
        rule = "stance"
        target = [t for t in stance_targets(verb, index) if t not in source]
    if not target:
        rule = "pronoun"
        target = pronoun_targets(verb, index, source)
    args = Arguments(source=source, target=target, source_path=path)
    args.target_rule = rule if target else ""
    if symmetric and not target and len(source) >= 2:
        args.symmetric = True
    if between:
        args.source, args.target, args.symmetric = between, [], True
        args.target_rule = ""
    return args


#: Entity labels of named places: a place named as the object of force is a target whose
#: country the places stage fills in (the events stage never geocodes).
PLACE_ENTITY_LABELS = {"GPE", "LOC", "FAC"}


def place_objects(trigger: Token) -> list[str]:
    """Named places the event is done to: 'fired on Qamishli', 'shelled Kharkiv', 'regained
    towns in eastern Ghouta', 'an attack on Bakhmut'. Returned as their text."""
    heads = [c for c in trigger.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    aimed_at = prep_objects(trigger, {"on", "at", "against", "upon", "into"})
    heads += aimed_at + prep_objects(trigger, {"of"})
    found: list[str] = []
    for head in heads:
        if head.lemma_.lower() in QUANTIFIERS:
            # "regained most of the towns": the quantified noun is the object.
            heads.extend(prep_objects(head, {"of"}))
            continue
        for token in (head, *(c for c in head.children if c.dep_ == "conj")):
            # "fired on Qamishli": after a preposition of aim, a name the small model tagged
            # ORG or PERSON is kept too; the places stage codes it only if it geocodes it.
            named = _named_place(token, weak=head in aimed_at)
            if named is None and token.lemma_.lower() in PLACE_NOUNS:
                # "a city in northeastern Syria", "towns in eastern Ghouta"
                inner = prep_objects(token, {"in", "near", "of", "inside", "around"})
                named = next((n for obj in inner if (n := _named_place(obj))), None)
            if named and named not in found:
                found.append(named)
    return found


#: Quantifiers heading an object phrase ("most of the towns", "parts of the city").
QUANTIFIERS = word_set("most many some all part parts much several dozens hundreds")


#: Entity labels the small model gives some rare towns ("Qamishli" tagged ORG).
WEAK_PLACE_ENTITY_LABELS = {"ORG", "PERSON", "NORP"}


def _named_place(token: Token, *, weak: bool = False) -> str | None:
    labels = PLACE_ENTITY_LABELS | WEAK_PLACE_ENTITY_LABELS if weak else PLACE_ENTITY_LABELS
    if token.ent_type_ not in labels:
        return None
    entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return entity.text if entity is not None else None


# ----------------------------------------------------------------- noun arguments
def noun_arguments(noun: Token, index: ActorIndex, symmetric: bool) -> Arguments:
    args = Arguments()
    lemma = noun.lemma_.lower()
    # An actor mention that covers the event noun itself ("naval blockade of Serbia" tagged as
    # one actor) is a misfire, not a participant.
    own = index.at(noun)
    # Participants attached to the noun itself.
    between = [a for obj in prep_objects(noun, {"between", "among"}) for a in index.phrase(obj)]
    if between:
        return Arguments(source=between, target=[], symmetric=True, source_path="parse")
    # "Karlov's assassination", "Navalny's arrest": with no "of" phrase, the possessor of a
    # noun of harm to a person is the victim ("Russia's arrest of X": the doer).
    patient_possessor = lemma in PERSONAL_HARM_NOUNS and not prep_objects(noun, {"of"})
    for child in noun.children:
        mention = index.at(child)
        if child.dep_ == "poss" and patient_possessor and mention not in (None, own):
            args.target.append(mention)
        elif child.dep_ in {"poss", "amod", "compound", "nmod"} and mention not in (None, own):
            args.source.append(mention)
        elif child.dep_ == "poss" and child.lower_ in PRONOUNS:
            # "Wang told reporters after his talks with Lavrov": the owner of the event is the
            # subject of the clause around it.
            args.source.extend(_possessive_owner(child, index))
    for obj in prep_objects(noun, {"by"}):
        args.source.extend(index.phrase(obj))
    of_objects = [a for obj in prep_objects(noun, {"of"}) for a in index.phrase(obj)]
    of_objects = [a for a in of_objects if a is not own]
    if lemma in OBJECT_OF_NOUNS:
        args.target.extend(of_objects)
    else:
        args.source.extend(of_objects)
    args.target.extend(a for obj in prep_objects(noun, TARGET_PREPS) for a in index.phrase(obj))
    if not args.target and not of_objects:
        # "a suspension of air links with Serbia": the noun's "of" object is itself an event
        # noun aimed at someone (rule "object-noun").
        nested = [
            a
            for obj in prep_objects(noun, {"of"})
            if obj.pos_ == "NOUN"
            for a in noun_targets(obj, index, depth=1)
        ]
        if nested:
            args.target, args.target_rule = nested, "object-noun"
    if args.source:
        args.source_path = "parse"

    governor = noun.head
    # "held a phone call", "made an application", "the attack was made by X".
    if noun.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"attr"} and governor.pos_ in {
        "VERB",
        "AUX",
    }:
        reaction = governor.lemma_.lower() in REACTION_VERBS
        if not args.source and not reaction:
            # "The White House condemned the attack": who reacts to an event did not do it.
            agent = _agent(governor, index)
            if agent:
                args.source, args.source_path = agent, "parse"
            elif noun.dep_ not in PASSIVE_SUBJECT_DEPS and governor.lemma_ != "be":
                args.source, args.source_path = subject_of(governor, index)
        if not args.target:
            args.target = verb_targets_no_objects(governor, index)
    # "arrived on a visit", "wounded two soldiers in a bomb attack": the verb's actors.
    # "blamed the Russian government for the attack": the accused did it.
    elif (
        noun.dep_ == "pobj"
        and noun.head.lower_ in {"for", "of"}
        and noun.head.head.lemma_.lower() in ACCUSATION_VERBS
    ):
        verb = noun.head.head
        if not args.source:
            accused = [a for c in verb.children if c.dep_ in OBJECT_DEPS for a in index.phrase(c)]
            args.source, args.source_path = accused, "parse" if accused else ""
    elif (
        noun.dep_ == "pobj"
        # "at a reception for the visiting minister": the event the clause's doer was at.
        and noun.head.lower_ in {"on", "in", "during", "at"}
        and noun.head.head.pos_ == "VERB"
    ):
        verb = noun.head.head
        passive = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if passive and verb.lemma_.lower() in PARTICIPATION_VERBS:
            # "forces were engaged in ethnic cleansing": the grammatical subject acts.
            args.source = args.source or [a for p in passive for a in index.phrase(p)]
            args.source_path = "parse" if args.source else ""
        elif passive:
            args.target = args.target or [a for p in passive for a in index.phrase(p)]
            args.source = args.source or _agent(verb, index)
            args.source_path = args.source_path or ("parse" if args.source else "")
        elif not args.source:
            args.source, args.source_path = subject_of(verb, index)
            if not args.target:
                args.target = [
                    a for c in verb.children if c.dep_ in OBJECT_DEPS for a in index.phrase(c)
                ]
    # "clashes started ... with provocations of X": the onset verb's phrases name the parties.
    elif noun.dep_ in SUBJECT_DEPS and governor.lemma_.lower() in ONSET_VERBS:
        onset_between = [
            a for obj in prep_objects(governor, {"between", "among"}) for a in index.phrase(obj)
        ]
        if onset_between:
            return Arguments(source=onset_between, symmetric=True, source_path="parse")
        for obj in prep_objects(governor, {"with", "by", "after"}):
            found = index.phrase(obj)
            if not found:
                found = [a for t in obj.subtree if (a := index.at(t)) is not None]
            if found:
                args.source, args.source_path = found, "parse"
                break
    # "the support it gave to Azerbaijan", "the aid package announced by the USA".
    for child in noun.children:
        if child.dep_ in {"relcl", "acl"} and child.pos_ in {"VERB", "AUX"}:
            if child.lemma_.lower() in EXPERIENCER_VERBS:
                # "the sanctions faced by Russia": the agent of face/suffer is the target.
                args.target.extend(_agent(child, index))
                continue
            if not args.source:
                agent = _agent(child, index) if child.lemma_.lower() not in REACTION_VERBS else []
                if agent:
                    args.source, args.source_path = agent, "parse"
                elif child.dep_ == "relcl" and child.lemma_.lower() in LIGHT_VERBS:
                    subj = [c for c in child.children if c.dep_ in SUBJECT_DEPS]
                    if subj and subj[0].lower_ not in {"which", "that", "who"}:
                        args.source, args.source_path = subject_of(child, index)
            if not args.target:
                args.target = verb_targets_no_objects(child, index)

    if symmetric and args.target and not args.source:
        # "the rebels say talks with the Russian military aim to ...": a party reports talks
        # or fighting "with" the other one; the speaker is the first party.
        args.source = _reporting_speaker(noun, index)
        args.source_path = "inherited" if args.source else ""
    args.source = [a for a in _unique(args.source) if a is not own]
    args.target = [t for t in _unique(args.target) if t not in args.source and t is not own]
    if symmetric and not args.target and len(args.source) >= 2:
        args.symmetric = True
    return args


#: Verbs that report what a party says ("say", "tell"): their subject speaks for itself.
SPEECH_VERBS = word_set("say tell state announce add confirm report claim insist")


def _reporting_speaker(noun: Token, index: ActorIndex) -> list[ActorMention]:
    for ancestor in noun.ancestors:
        if ancestor.pos_ == "VERB" and ancestor.lemma_.lower() in SPEECH_VERBS:
            # "The rebels deny ... and say talks with X ...": the speaker may be shared
            # through coordination, so the full subject search applies.
            return subject_of(ancestor, index)[0]
    return []


def _possessive_owner(pronoun: Token, index: ActorIndex) -> list[ActorMention]:
    """Who 'his'/'their' refers to: the subject of the nearest clause around the phrase,
    else the usual pronoun resolution."""
    for ancestor in pronoun.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            for child in ancestor.children:
                subject = child.dep_ in SUBJECT_DEPS and child.lower_ not in PRONOUNS
                if subject and (found := index.phrase(child)):
                    return found
            break
    return resolve_pronoun(pronoun, index)


def verb_targets_no_objects(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Targets from a light verb's prepositions and indirect object ("gave Tanzania a grant");
    its direct object is the event noun itself."""
    found = [a for obj in prep_objects(verb, TARGET_PREPS) for a in index.phrase(obj)]
    found += [a for c in verb.children if c.dep_ == "dative" for a in index.phrase(c)]
    return _unique(found)


#: Group nouns that name an agent even when the actors stage cannot resolve it to a code.
GROUP_NOUNS = word_set(
    "inhabitant resident villager network organization movement faction people protester "
    "demonstrator worker student activist youth rebel guerrilla militant insurgent force "
    "troop soldier police government authority court judge army parliament militia gunman "
    "fighter official minister president leader group party union opposition assailant "
    "attacker bomber kidnapper sniper jihadist extremist terrorist separatist"
)
#: Modifiers that make any person noun an agent of violence ("armed men", "masked men").
ARMED_MODIFIERS = word_set("armed masked unidentified unknown")


def unresolved_agent(trigger: Token) -> Token | None:
    """The trigger's subject when it is a collective political agent (a group noun such as
    "protesters", "troops" or "armed men") that no actor code was resolved for, else None.

    The event keeps it as a named participant without a code: who acted is known from the
    text even when the actors stage cannot say which country or group it is."""
    verb = trigger
    if trigger.pos_ in {"NOUN", "PROPN"}:
        if trigger.dep_ in OBJECT_DEPS and trigger.head.pos_ == "VERB":
            verb = trigger.head
        elif trigger.dep_ == "pobj" and trigger.head.head.pos_ == "VERB":
            verb = trigger.head.head
        else:
            return None
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            subject = subjects[0]
            # Only collective political agents ("protesters", "Afghan rebels", "the police",
            # "armed men", "Judge Alejandro Rivera"): unresolved firms, shops or private
            # people are not PLOVER actors.
            words = [subject, *(c for c in subject.children if c.dep_ in {"compound", "amod"})]
            if any(w.lemma_.lower() in GROUP_NOUNS for w in words) or any(
                w.lower_ in ARMED_MODIFIERS for w in words
            ):
                return subject
            return None
        # "Gunmen carried out attacks, killing four": a participle adjunct shares the subject.
        adjunct = current.dep_ == "advcl" and current.tag_ == "VBG"
        if current.dep_ not in {"xcomp", "conj"} and not adjunct:
            return None
        current = current.head
    return None


def noun_phrase_text(head: Token) -> str:
    """The words of a noun phrase up to its head ("the armed men" of "the armed men who ...")."""
    left = min([head.i, *(t.i for t in head.lefts if t.dep_ != "punct")])
    return head.doc[left : head.i + 1].text


# ----------------------------------------------------------------- indirect targets
#: Nouns for a request or proposal: who rejects, accepts or answers one acts on its author
#: ("dismissed an appeal from the president", "rejected calls by the rulers of X").
REQUEST_NOUNS = word_set(
    "appeal call demand request invitation offer proposal plea ultimatum initiative bid "
    "suggestion overture"
)
#: Object pronouns and possessives that refer back to an actor named before.
OBJECT_PRONOUNS = {"it", "them", "him", "her"}
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her"}
#: Which actor kinds each pronoun can refer to: "it" is a state or an organisation, "him"/"her"
#: a person, "them" a state, organisation or group.
PRONOUN_KINDS = {
    "it": {"state", "igo", "group", "metonym"},
    "its": {"state", "igo", "group", "metonym"},
    "them": {"state", "igo", "group", "metonym"},
    "their": {"state", "igo", "group", "metonym"},
    "him": {"person"},
    "his": {"person"},
    "her": {"person"},
}


def object_noun_targets(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "object-noun": the target an object noun names when the object itself is no actor.

    "imposed restrictions against German goods", "lifted a blockade on Palestinian lorries",
    "broke off relations with Russia", "continue military aid to Mozambique": the event noun
    in the object says whom the deed is aimed at. "dismissed an appeal from the president",
    "rejected calls by the rulers": answering a request acts on its author. One level of "of"
    is followed ("a suspension of air links with Serbia")."""
    found: list[ActorMention] = []
    for obj in _objects(verb):
        if obj.pos_ == "NOUN" and not index.phrase(obj):
            found.extend(noun_targets(obj, index))
    return _unique(found)


def noun_targets(noun: Token, index: ActorIndex, depth: int = 0) -> list[ActorMention]:
    """Actors an event noun is aimed at through its own prepositions (see
    :func:`object_noun_targets`)."""
    found = [a for obj in prep_objects(noun, TARGET_PREPS) for a in index.phrase(obj)]
    if noun.lemma_.lower() in REQUEST_NOUNS:
        found += [a for obj in prep_objects(noun, {"from", "by"}) for a in index.phrase(obj)]
    if not found and depth < 1:
        for obj in prep_objects(noun, {"of"}):
            if obj.pos_ == "NOUN" and not index.phrase(obj):
                found += noun_targets(obj, index, depth + 1)
    return found


def complement_targets(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "complement": the targets of the infinitive a trigger governs, when the trigger has
    none of its own: "promised to continue military aid to Mozambique", "threatened to break
    relations with Russia", "agreed to meet the Turkish minister"."""
    found: list[ActorMention] = []
    for clause in _infinitive_clauses(verb):
        found += verb_targets(clause, index, TARGET_PREPS) or object_noun_targets(clause, index)
    return _unique(found)


def _infinitive_clauses(verb: Token) -> list[Token]:
    clauses = [
        c
        for c in verb.children
        if c.dep_ in {"xcomp", "ccomp"}
        and c.pos_ in {"VERB", "AUX"}
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]
    # "threatened to close and dismantle the base": coordinated infinitives share the "to".
    clauses += [c for clause in clauses for c in clause.children if c.dep_ == "conj"]
    return clauses


def pronoun_targets(
    verb: Token, index: ActorIndex, source: list[ActorMention]
) -> list[ActorMention]:
    """Rule "pronoun": an object pronoun ("asked it to", "warned them") or an object owned by a
    possessive pronoun ("urged her campaign to") is the nearest actor named before it, in its
    sentence or the previous one, of a kind the pronoun can refer to ("it": a state or an
    organisation; "her": a person), and not the event's own source. A possessive the source
    itself can own ("Iraq lifted its blockade") is the source's, so no target. No coreference
    model: the salience order is recency, which is how news prose uses object pronouns."""
    for obj in _objects(verb):
        if obj.dep_ in PASSIVE_SUBJECT_DEPS:
            continue
        if obj.lower_ in OBJECT_PRONOUNS and obj.tag_ == "PRP":
            pronoun = obj
        else:
            owners = [c for c in obj.children if c.dep_ == "poss"]
            if not owners or owners[0].lower_ not in POSSESSIVE_PRONOUNS:
                continue
            pronoun = owners[0]
            if any(m.kind in PRONOUN_KINDS[pronoun.lower_] for m in source):
                continue  # "Iraq lifted its blockade": the subject's own
        if (antecedent := antecedent_of(pronoun, index, source)) is not None:
            return [antecedent]
    return []


def antecedent_of(
    pronoun: Token, index: ActorIndex, exclude: list[ActorMention]
) -> ActorMention | None:
    """The nearest compatible actor mention before ``pronoun`` in its sentence or the previous
    one (see :func:`pronoun_targets`)."""
    kinds = PRONOUN_KINDS.get(pronoun.lower_)
    if kinds is None:
        return None
    sentence = pronoun.sent
    start = pronoun.doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    first_char = pronoun.doc[start].idx
    excluded = {(m.start, m.end) for m in exclude}
    codes = {m.code for m in exclude}
    candidates = [
        m
        for m in index.mentions
        if first_char <= m.start
        and m.end <= pronoun.idx
        and m.kind in kinds
        and (m.start, m.end) not in excluded
    ]
    # An object pronoun is not the clause's own subject ("the ministry asked it"): skip
    # mentions of the source's actor when another actor is available.
    others = [m for m in candidates if m.code not in codes]
    chosen = others or candidates
    return max(chosen, key=lambda m: m.start) if chosen else None


#: Prepositions that place an event ("a curfew in Cizre", "bombs exploded in Kabul").
LOCATIVE_PREPS = {"in", "at", "inside", "into"}


def location_places(trigger: Token) -> list[str]:
    """Rule "location": the named place an event happened in, when it has no other target:
    "imposed a curfew in the town of Cizre", "exploded bombs in the capital Kabul",
    "threatened to institute a curfew in Algiers". By the coding convention (docs/events.md)
    the people of the place undergo the event: the places stage gives the place its country.
    Only places attached to the trigger, to its object noun or to an infinitive it governs."""
    heads = [trigger, *_infinitive_clauses(trigger)]
    if trigger.dep_ in OBJECT_DEPS or (trigger.dep_ == "pobj" and trigger.head.dep_ == "prep"):
        # "arrived in Amman on a visit", "held talks in Geneva": the event noun's verb.
        governor = trigger.head if trigger.dep_ in OBJECT_DEPS else trigger.head.head
        if governor.pos_ in {"VERB", "AUX"}:
            heads.append(governor)
    objects = [c for h in list(heads) for c in h.children if c.dep_ in OBJECT_DEPS]
    # "lifted a state of emergency in West Darfur": the object's own "of" noun.
    heads += objects + [o for obj in objects for o in prep_objects(obj, {"of"})]
    found: list[str] = []
    for head in heads:
        for obj in prep_objects(head, LOCATIVE_PREPS):
            named = _named_place(obj)
            if named is None and obj.lemma_.lower() in PLACE_NOUNS:
                # "in the town of Cizre", "in the capital Kabul"
                inner = prep_objects(obj, {"of", "in"}) + [
                    c for c in obj.children if c.dep_ in {"appos", "compound"}
                ]
                named = next((n for token in inner if (n := _named_place(token))), None)
            if named and named not in found:
                found.append(named)
    return found


#: Nouns of a stance taken against someone, after "in": "in defiance of X", "in protest
#: against X", "in opposition to X".
STANCE_NOUNS = word_set("defiance protest opposition")


def stance_targets(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "stance": "blocked streets in defiance of the authorities", "resigned in protest
    against the government": whom a deed defies or protests is its target."""
    found: list[ActorMention] = []
    for noun in prep_objects(verb, {"in"}):
        if noun.lemma_.lower() in STANCE_NOUNS:
            preps = {"of", "against", "to", "at", "over"}
            found += [a for obj in prep_objects(noun, preps) for a in index.phrase(obj)]
    return _unique(found)


#: Subordinators of the condition a threat sets ("unless Israel rescinds", "if Baku refuses").
CONDITION_MARKERS = {"unless", "if", "until"}


def condition_subjects(verb: Token, index: ActorIndex) -> list[ActorMention]:
    """Rule "condition": a threat's condition names whom it is aimed at: "threatened to strike
    unless Israel rescinded the annexation", "will cut ties if Baku refuses" -> the subject of
    the conditional clause, on the trigger or on the infinitive it governs."""
    found: list[ActorMention] = []
    for head in [verb, *_infinitive_clauses(verb)]:
        for clause in head.children:
            if clause.dep_ != "advcl":
                continue
            if not any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in clause.children):
                continue
            for subject in clause.children:
                if subject.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                    found += index.phrase(subject)
    return _unique(found)


#: Nouns naming an act by the verb that does it: who "ordered" gave "the order".
DEED_NOUN_VERBS = {
    "order": "order",
    "ban": "ban",
    "decision": "decide",
    "ruling": "rule",
    "decree": "decree",
    "arrest": "arrest",
    "detention": "detain",
    "expulsion": "expel",
    "closure": "close",
    "crackdown": "crack",
    "attack": "attack",
    "raid": "raid",
    "strike": "strike",
    "blockade": "blockade",
    "sanction": "sanction",
    "suspension": "suspend",
    "dissolution": "dissolve",
}


def deed_verbs(trigger: Token) -> set[str]:
    """The verbs (lemmas) of the acts a reaction is about: "called Thursday's order tyranny"
    -> {"order"}, "protested against the ban" -> {"ban"} (rule "earlier-deed": the events stage
    gives the reaction the doer of the nearest earlier event of that verb)."""
    objects = [c for c in trigger.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    objects += prep_objects(trigger, {"against", "over", "of"})
    # "called the order 'tyranny'": the small model often makes the object a modifier of the
    # label (oprd) it is given.
    labels = [c for c in trigger.children if c.dep_ == "oprd"]
    objects += [c for label in labels for c in label.children if c.dep_ in {"nmod", "compound"}]
    return {
        verb
        for obj in objects
        if obj.pos_ == "NOUN" and (verb := DEED_NOUN_VERBS.get(obj.lemma_.lower()))
    }
