"""The event coder's rules for events said rather than done: deontic requests ('X said Y
should ...'), blame claims, labels ('called it a crime') and refusals ('said no')."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventcoder.events.argument_words import SUBJECT_DEPS
from eventcoder.events.arguments import (
    PRONOUNS,
    ActorIndex,
    Arguments,
    prep_objects,
    resolve_pronoun,
    subject_of,
    written_before_verb,
)
from eventcoder.events.candidates import Candidate
from eventcoder.events.coder_words import (
    BLAME_RULE,
    CONDITION_MARKS,
    CREDIT_RULE,
    DEONTIC_MODALS,
    DEONTIC_RULE,
    DIRECTIVE_HEADS,
    GENERIC_PARTY_NOUNS,
    LABEL_RULE,
    REFUSAL_RULE,
    REFUSAL_WORDS,
    STATE_SECTORS,
)
from eventcoder.events.confidence import event_confidence
from eventcoder.events.explain import RULE_LAYER
from eventcoder.events.lexicon import Trigger
from eventcoder.events.modality import modality_of
from eventcoder.events.parties import blamed_party, other_parties
from eventcoder.events.quotes import quotation_of
from eventcoder.events.speech_acts import (
    alleged_wrongdoers,
    disapproval,
    label_act,
    reported_label,
)
from eventcoder.models import (
    ActorMention,
    Modality,
)


class SpeechRules:
    """Events found in what someone says about another party."""

    def _deontic_requests(self, doc: Doc, index: ActorIndex) -> list[Candidate]:
        """'X stated that "Armenia should stop provoking"': REQUEST by X of Armenia."""
        found: list[Candidate] = []
        for token in doc:
            if token.dep_ != "aux" or token.lower_ not in DEONTIC_MODALS:
                continue
            verb = token.head
            reporting = verb.head
            if verb.dep_ != "ccomp" or ("VERB", reporting.lemma_.lower()) not in self.reporting:
                continue
            speaker, path = subject_of(reporting, index)
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            addressees = [a for s in subjects for a in index.phrase(s)]
            addressees = other_parties(addressees, speaker)
            generic = any(
                s.lemma_.lower() in GENERIC_PARTY_NOUNS and not index.phrase(s) for s in subjects
            )
            if not addressees and any(s.lower_ == "they" for s in subjects):
                # "they should withdraw": the party named before, if it is not the speaker.
                # (Not one person: "they" is several, or an institution.)
                addressees = other_parties(
                    [a for s in subjects for a in resolve_pronoun(s, index) if a.kind != "person"],
                    speaker,
                )
            # '"They should release him," his wife said': a private person's impersonal "they"
            # who hold someone or owe an answer are the authorities of the speaker's country.
            impersonal = (
                not addressees
                and any(s.lower_ == "they" for s in subjects)
                and bool(speaker)
                and all(a.sector and a.sector not in STATE_SECTORS for a in speaker)
            )
            if not speaker or not (addressees or generic or impersonal):
                # "relevant parties should take responsibility": a demand on the parties in
                # general has no addressee to code, but it is still the speaker's demand.
                continue
            args = Arguments(source=speaker, target=addressees, source_path=path)
            modality = modality_of(verb)
            modality.hypothetical = False  # the modal is the demand itself, not a hypothesis
            found.append(
                _rule_candidate(verb, DEONTIC_RULE, "REQUEST", None, args, modality, impersonal)
            )
        return found

    def _reported_clauses(
        self, doc: Doc, index: ActorIndex
    ) -> list[tuple[Token, list[ActorMention], str]]:
        """What speakers say, as (clause verb, speaker, source path): the complement of a
        reporting verb ("Britain says [Russia was involved]"), and the main verb of a
        quoted sentence with no reporting verb of its own whose speaker the quotation gives
        ('... he said. "[All indications point to the PKK.]"')."""
        return [clause for verb in doc if (clause := self._reported_clause(verb, index))]

    def _reported_clause(
        self, verb: Token, index: ActorIndex
    ) -> tuple[Token, list[ActorMention], str] | None:
        """``verb`` as one of :meth:`_reported_clauses`, if it is one (for a few tokens,
        without reading the whole document)."""
        if verb.dep_ == "ccomp" and ("VERB", verb.head.lemma_.lower()) in self.reporting:
            speaker, path = subject_of(verb.head, index)
            return (verb, speaker, path) if speaker else None
        if verb.dep_ == "ROOT" and verb.pos_ in {"VERB", "AUX"} and self._quotations:
            quotation = quotation_of(verb, self._quotations)
            if quotation is not None and quotation.speaker:
                return verb, quotation.speaker, "inherited"
        return None

    def _blame_claims(self, doc: Doc, index: ActorIndex) -> list[Candidate]:
        """'Britain says the Russian government was involved in the poisoning', 'officials say
        it bears the hallmarks of the PKK', 'X claimed Y was behind the attack': saying that
        a party is behind a deed accuses it (ACCUSE by the speaker of that party)."""
        found: list[Candidate] = []
        for verb, speaker, path in self._reported_clauses(doc, index):
            blamed = blamed_party(verb, index) or alleged_wrongdoers(verb, index, self.speech_acts)
            if not blamed:
                continue
            blamed = other_parties(blamed, speaker)
            if not speaker or not blamed:
                continue
            args = Arguments(source=speaker, target=blamed, source_path=path)
            modality = modality_of(verb)
            found.append(_rule_candidate(verb, BLAME_RULE, "ACCUSE", "allege", args, modality))
        return found

    def _labels(self, doc: Doc, index: ActorIndex) -> list[Candidate]:
        """'X called the order "tyranny"', 'X branded Russia a terrorist state', 'X said the
        move was illegal', 'X described the killing as an attempt to damage ties', 'X is
        concerned about Y's plan' (ACCUSE of whose deed it is); 'X called the accusations
        baseless', 'X said the claims were false' (REJECT of who made them)."""
        found: list[Candidate] = []
        event_nouns = self._event_nouns
        reported = {
            verb.i: (speaker, path) for verb, speaker, path in self._reported_clauses(doc, index)
        }
        for verb in doc:
            if verb.pos_ not in {"VERB", "AUX"}:
                continue
            label = label_act(verb, index, self.speech_acts, event_nouns) or disapproval(
                verb, index, self.speech_acts
            )
            reported_by: tuple[list[ActorMention], str] | None = None
            if label is None and verb.i in reported:
                label = reported_label(verb, index, self.speech_acts, event_nouns)
                reported_by = reported[verb.i]
            if label is None:
                continue
            if reported_by is not None:
                speaker, path = reported_by
            elif label.experiencer is not None:
                experiencer = label.experiencer
                speaker = (
                    resolve_pronoun(experiencer, index)
                    if experiencer.lower_ in PRONOUNS
                    else index.phrase(experiencer)
                )
                path = "pronoun" if experiencer.lower_ in PRONOUNS else "parse"
            else:
                speaker, path = subject_of(verb, index)
            # A label or a disapproval is aimed at someone else by nature ("the governor is
            # troubled by Trump's plan"): only the speaker's own mention is left out.
            spoken = {(a.start, a.end) for a in speaker} | {a.text.lower() for a in speaker}
            targets = [
                a
                for a in label.targets
                if (a.start, a.end) not in spoken and a.text.lower() not in spoken
            ]
            if not speaker or (reported_by is not None and not targets and not label.deed):
                # A reported label counts when it is aimed at another party ("said the US
                # action was a violation") or at a deed ("said the attack was an attempt to
                # ..."); a labelling verb is a speech act by itself.
                continue
            mode = "allege" if label.event_type == "ACCUSE" else None
            args = Arguments(source=speaker, target=targets, source_path=path)
            modality = modality_of(verb)
            found.append(_rule_candidate(verb, LABEL_RULE, label.event_type, mode, args, modality))
        return found

    def _credits(self, doc: Doc, index: ActorIndex) -> list[Candidate]:
        """'Trump wrote that the caravan "is largely broken up thanks to the strong
        immigration laws of Mexico"': a speaker crediting a party with an outcome praises it
        (CAMEO 051, PLOVER SUPPORT). Only in what someone says: a journalist's "thanks to"
        explains, it praises no one; "no thanks to X" is left alone."""
        if "thanks" not in doc.text.lower():
            return []
        thanks = [t for t in doc if t.lower_ == "thanks" and t.pos_ != "VERB"]
        if not thanks:
            return []
        found: list[Candidate] = []
        for token in thanks:
            # The nearest clause that someone says (a nested report is the inner speaker's).
            said = next(
                (r for a in token.ancestors if (r := self._reported_clause(a, index)) is not None),
                None,
            )
            if said is None:
                continue
            clause, speaker, path = said
            credited = _credited_parties(token, index, speaker)
            if not credited:
                continue
            args = Arguments(source=speaker, target=credited, source_path=path)
            modality = modality_of(clause)
            found.append(_rule_candidate(token, CREDIT_RULE, "SUPPORT", None, args, modality))
        return found

    def _refusals(self, doc: Doc, index: ActorIndex) -> list[Candidate]:
        """'"If the president asks me to send troops, I'll say no," the governor said',
        'Hungary said no to the plan': saying no is a REJECT by whoever says it, of whoever
        asks (the condition's subject) or of what it is said to ("no to X")."""
        found: list[Candidate] = []
        for verb in doc:
            if verb.lemma_.lower() != "say" or not any(
                c.lower_ in REFUSAL_WORDS and c.dep_ in {"intj", "dobj", "npadvmod", "attr"}
                for c in verb.children
            ):
                continue
            speaker, path = subject_of(verb, index)
            if not speaker:
                continue
            conditions = [
                clause
                for clause in verb.children
                if clause.dep_ == "advcl"
                and clause.lemma_.lower() in DIRECTIVE_HEADS
                and any(m.lower_ in CONDITION_MARKS for m in clause.children if m.dep_ == "mark")
            ]
            askers = [a for clause in conditions for a in _condition_askers(clause, index)]
            askers += [a for obj in prep_objects(verb, {"to"}) for a in index.phrase(obj)]
            args = Arguments(
                # The asker is another clause's subject ("if the president asks me"): only
                # the speaker's own mention is left out, not others of its country and sector.
                source=speaker,
                target=[a for a in askers if a not in speaker],
                source_path=path,
            )
            modality = modality_of(verb)
            refusal = _rule_candidate(verb, REFUSAL_RULE, "REJECT", None, args, modality)
            # The request in the condition has not been made: the refusal stands for it.
            refusal.absorbed = tuple(clause.i for clause in conditions)
            found.append(refusal)
        return found


def _credited_parties(
    thanks: Token, index: ActorIndex, speaker: list[ActorMention]
) -> list[ActorMention]:
    """Who "thanks to ..." credits: the actors inside its object ("thanks to Mexico", "thanks
    to the strong laws of Mexico", "thanks to Qatar's mediation"), other than the speaker."""
    doc = thanks.doc
    if thanks.i + 1 >= len(doc) or doc[thanks.i + 1].lower_ != "to":
        return []
    if thanks.i > 0 and doc[thanks.i - 1].lower_ in {"no", "little", "small"}:
        return []  # "no thanks to X" blames rather than credits
    spoken = {(a.start, a.end) for a in speaker}
    found: list[ActorMention] = []
    for obj in (c for c in doc[thanks.i + 1].children if c.dep_ == "pobj"):
        for inner in obj.subtree:
            for actor in index.phrase(inner) if inner.pos_ in {"NOUN", "PROPN"} else []:
                if actor not in found and (actor.start, actor.end) not in spoken:
                    found.append(actor)
    return found


def _condition_askers(clause: Token, index: ActorIndex) -> list[ActorMention]:
    """Who asks in 'if X asks me to ...': the condition's subject, else the actors written
    between "if" and its verb (quoted speech often carries an editor's bracketed name, '"If
    [President Trump] asks me ..."', which the parser reads as the object of "if")."""
    subjects = [c for c in clause.children if c.dep_ in SUBJECT_DEPS]
    if subjects:
        return [a for s in subjects for a in index.phrase(s)]
    return written_before_verb(clause, index)


def _rule_candidate(
    verb: Token,
    rule: str,
    event_type: str,
    mode: str | None,
    args: Arguments,
    modality: Modality,
    implied_addressee: bool = False,
) -> Candidate:
    """A candidate found by one of the speech-act rules above: the rule's name is its trigger
    entry (so explanations name it) and its confidence comes from the shared signals."""
    trigger = Trigger("VERB", rule, (), event_type, mode, (), frozenset(), layer=RULE_LAYER)
    confidence = event_confidence(
        trigger, args, event_type=event_type, modality=modality, implied_target=implied_addressee
    )
    return Candidate(
        verb,
        trigger,
        args,
        modality,
        confidence,
        event_type,
        mode,
        implied_addressee=implied_addressee,
    )
