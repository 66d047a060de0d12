"""What a clause says about its trigger: intent, promises and retaliation, directives and
questions, topics, prevention and ultimatums (helpers of the event coder's rules)."""

from __future__ import annotations

from spacy.tokens import Token

from eventcoder.events.arguments import (
    Arguments,
)
from eventcoder.events.coder_words import (
    AGREEMENT_NOUNS,
    BROKER_LEMMAS,
    CROWD_NOUNS,
    DIRECTIVE_HEADS,
    INTENT_AUX,
    INTENT_LEMMAS,
    KEEPING_FROM_LEMMAS,
    NOUN_TOPIC_PREPS,
    PENALTY_LEMMAS,
    PROMISE_LEMMAS,
    QUESTION_VERBS,
    QUESTION_WORDS,
    RETALIATION_WORDS,
    TOPIC_PREPS,
)
from eventcoder.events.modality import headline_infinitive


def clause_tokens(token: Token) -> list[Token]:
    """The trigger's phrase, or its governing verb's when the trigger is one of its arguments."""
    scope = token.head if token.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"} else token
    return list(scope.subtree)


def clause_words(token: Token) -> list[str]:
    """Lemmas of the trigger's phrase and of its governing verb's phrase (mode/context cues)."""
    return [t.lemma_.lower() for t in clause_tokens(token) if t.is_alpha]


def expresses_intent(token: Token) -> bool:
    current = token
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in INTENT_AUX for c in current.children):
            return True
        if headline_infinitive(current):
            return True  # "Iran to expel diplomats": headline-ese for "Iran is to expel"
        if current is not token and current.lemma_.lower() in INTENT_LEMMAS:
            return True
        # "will strengthen coordination and keep in touch": a conjunct shares the auxiliary.
        if current.dep_ not in {"xcomp", "pcomp", "prep", "acomp", "dobj", "conj"}:
            return False
        current = current.head
    return False


def retaliation_promised(token: Token) -> bool:
    """'promised a tough response', 'vowed revenge', 'pledged to retaliate', 'promise of a
    harsh response'."""
    if token.lemma_.lower() not in PROMISE_LEMMAS:
        return False
    for child in token.children:
        if child.dep_ in {"dobj", "xcomp"} and child.lemma_.lower() in RETALIATION_WORDS:
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ == "of"
            and any(o.lemma_.lower() in RETALIATION_WORDS for o in child.children)
        ):
            return True
    return False


def _infinitive_complements(token: Token) -> list[Token]:
    return [
        c
        for c in token.children
        if c.dep_ in {"xcomp", "ccomp"}
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


def directs_someone(token: Token) -> bool:
    """'told Somalia to withdraw': an addressee (object, or the infinitive's subject) and an
    infinitive."""
    clauses = _infinitive_complements(token)
    has_object = any(c.dep_ in {"dobj", "dative"} for c in token.children) or any(
        c.dep_ == "nsubj" for clause in clauses for c in clause.children
    )
    # "called on Erdogan to release the journalists", "appealed to Kyiv to ...": the
    # addressee after on/upon/to.
    has_object = has_object or any(
        c.dep_ == "prep"
        and c.lower_ in {"on", "upon", "to"}
        and any(g.dep_ == "pobj" for g in c.children)
        for c in token.children
    )
    return bool(clauses) and has_object


def is_directed_deed(token: Token) -> bool:
    head = token.head
    return (
        token.dep_ in {"xcomp", "ccomp"}
        and token in _infinitive_complements(head)
        and head.lemma_.lower() in DIRECTIVE_HEADS
        and directs_someone(head)
    )


def asks_a_question(token: Token) -> bool:
    """'asked why the women stayed silent', '"... ?" Peskov asked': asking a question is
    speech, not a request; a request has an addressee or something asked for."""
    if token.lemma_.lower() not in QUESTION_VERBS:
        return False
    for clause in token.children:
        if clause.dep_ == "ccomp" and any(
            t.lower_ in QUESTION_WORDS for t in clause.subtree if t.i < clause.i
        ):
            return True
    asked = {"dobj", "dative", "xcomp", "prep"}
    return not any(c.dep_ in asked for c in token.children)


def is_a_topic(noun: Token) -> bool:
    """An event noun that is the object of a preposition of topic (see TOPIC_PREPS)."""
    if noun.dep_ != "pobj":
        return False
    prep = noun.head
    if prep.lower_ in TOPIC_PREPS:
        return True
    return prep.lower_ in NOUN_TOPIC_PREPS and prep.head.pos_ == "NOUN"


def is_prevented_deed(token: Token) -> bool:
    """A deed named as what someone is kept from doing: 'blocked X from visiting'."""
    if token.dep_ not in {"pcomp", "pobj"} or token.head.lower_ != "from":
        return False
    return token.head.head.lemma_.lower() in KEEPING_FROM_LEMMAS


def is_topic_fragment(noun: Token) -> bool:
    """A verbless sentence (a heading or a 'The Latest on ...' line)."""
    return not any(t.pos_ in {"VERB", "AUX"} for t in noun.sent)


def in_kicker(noun: Token) -> bool:
    """'Turkish bus attack: 13 soldiers killed by car bomb', 'Syria war: ...': an event noun in
    a verbless label before a colon that opens its sentence (a headline's or subheading's
    kicker) names the topic; the clause after the colon states the event."""
    sentence = noun.sent
    colon = next((t for t in sentence if t.text == ":" and t.i > noun.i), None)
    if colon is None:
        return False
    label = sentence.doc[sentence.start : colon.i]
    rest = sentence.doc[colon.i + 1 : sentence.end]
    return not any(t.pos_ in {"VERB", "AUX"} for t in label) and any(
        t.pos_ in {"VERB", "AUX"} for t in rest
    )


def ultimatum(token: Token) -> bool:
    """A demand whose complement offers 'or' + a penalty ('or be deregistered', 'or face')."""
    for clause in token.children:
        if clause.dep_ not in {"xcomp", "ccomp"}:
            continue
        for alternative in clause.children:
            if alternative.dep_ != "conj" or not any(
                c.dep_ == "cc" and c.lower_ == "or" for c in clause.children
            ):
                continue
            passive = any(c.dep_ == "auxpass" for c in alternative.children)
            if passive or alternative.lemma_.lower() in PENALTY_LEMMAS:
                return True
    return False


def raised_object(token: Token) -> bool:
    return any(
        clause.dep_ in {"ccomp", "xcomp"}
        and any(c.dep_ == "nsubj" and c.i > token.i for c in clause.children)
        for clause in token.children
    )


def brokers_agreement(verb: Token) -> bool:
    """'brokered a ceasefire', 'the truce mediated by Russia': the verb is the mediation."""
    if verb.lemma_.lower() not in BROKER_LEMMAS:
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ in {"acl", "relcl"}:
        objects.append(verb.head)
    return any(o.lemma_.lower() in AGREEMENT_NOUNS for o in objects)


def abstract_noun_reports_event(noun: Token, args: Arguments) -> bool:
    """'conflict', 'war': a report of fighting only as a clause argument with named parties,
    not as a topic ('the consequences of the conflicts', 'such a conflict')."""
    if args.source_path != "parse":
        return False
    if any(c.lower_ == "such" for c in noun.children):
        return False
    return not (noun.dep_ == "pobj" and noun.head.lower_ != "between")


def presupposed_subject(token: Token) -> bool:
    """An event noun that is the subject of its clause ("the agreement must be respected")."""
    return token.pos_ == "NOUN" and token.dep_ in {"nsubj", "nsubjpass"}


def crowd_subject(token: Token) -> bool:
    """Whether the trigger's subject is a crowd ("protesters", "a mob", "hundreds of
    demonstrators": a quantity's "of"-noun counts)."""
    for subject in (c for c in token.children if c.dep_ == "nsubj"):
        nouns = [subject, *(o for p in subject.children if p.lower_ == "of" for o in p.children)]
        if any(n.lemma_.lower() in CROWD_NOUNS for n in nouns):
            return True
    return False
