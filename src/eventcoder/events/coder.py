"""Find and type PLOVER events: trigger lexicon over the parse, arguments, modality, evidence.

The rules (documented with examples in docs/events.md):

1. A trigger is a verb or event noun in the lexicon (core layer first, then CAMEO-derived).
2. Its source and target come from the parse (see :mod:`eventcoder.events.arguments`).
3. An event needs a resolvable actor: a source for most types; ASSAULT, COERCE and PROTEST may
   have only a target ("an attack on Armenia"). Abstract nouns ("conflict", "war") code only
   with named participants, or as the subject of an onset verb ("the clashes started") in the
   sentence's main assertion, in which case the document's main pair of parties is used.
4. A deontic modal in reported speech ("X said Armenia should stop") is a REQUEST by the
   speaker of the subject; "not accept"/"not agree" is a REJECT.
5. Modality flags come from the parse and never drop an event.

In files: this module (the coder and its output), ``candidate_rules.py`` (a trigger to a
candidate), ``type_rules.py`` (its type, mode and modality), ``speech_rules.py`` (events
said: requests, blame, labels, refusals), ``candidates.py`` (the candidate record and
article-wide passes), ``parties.py``, ``clauses.py`` and ``coder_words.py`` (type sets,
and the names of the word lists of ``data/events/words.toml``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventcoder.events.arguments import (
    ActorIndex,
)
from eventcoder.events.candidate_rules import CandidateRules
from eventcoder.events.candidates import (
    Candidate,
    answer_accusations,
    deduplicate,
    drop_repeated_sentences,
    target_earlier_deeds,
)
from eventcoder.events.clauses import clause_words
from eventcoder.events.coder_words import (
    EXPLAINED_MODEL_TYPES,
    FIRST_PERSON,
    UNIDENTIFIED_DOER_TYPES,
)
from eventcoder.events.confidence import contest_article_confidence, headline_confidence
from eventcoder.events.contest import is_contest_article
from eventcoder.events.explain import RULE_LAYER, explain_event
from eventcoder.events.lexicon import TriggerLexicon, load_reporting_cues
from eventcoder.events.parties import (
    as_government,
    event_actor,
    implied_government,
    states_where,
    unidentified_perpetrator,
)
from eventcoder.events.quotes import QUOTE_MARKS, find_quotations, quotation_of
from eventcoder.events.speech_acts import (
    SpeechActWords,
)
from eventcoder.events.speech_rules import SpeechRules
from eventcoder.events.typemodel import TypeModel, load_type_model
from eventcoder.models import (
    QUAD_CLASS,
    ActorMention,
    Event,
    EventActor,
    Evidence,
    Span,
)
from eventcoder.nlp.headlines import in_headline


class EventCoder(CandidateRules, SpeechRules):
    def __init__(
        self,
        lexicon: TriggerLexicon,
        reporting: dict[tuple[str, str], str],
        type_model: TypeModel | None = None,
        speech_acts: SpeechActWords | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.reporting = reporting
        self.speech_acts = speech_acts or SpeechActWords.from_package_data()
        # Nouns that name a deed (the trigger lexicon's event nouns): a label on a deed
        # accuses its author even unnamed ("said the attack was an attempt to ...").
        self._event_nouns = frozenset(
            lemma
            for lemma, triggers in self.lexicon.nouns.items()
            if any(not t.blocks for t in triggers)
        )
        self.type_model = type_model  # None: the lexicon alone types events

    @classmethod
    def from_package_data(cls) -> EventCoder:
        return cls(TriggerLexicon.from_package_data(), load_reporting_cues(), load_type_model())

    # ---------------------------------------------------------------- public
    def code(self, doc: Doc, actors: list[ActorMention]) -> list[Event]:
        index = ActorIndex(doc, actors)
        self._index = index
        index.quoted_first_person = self._quoted_first_person(doc, index)
        index.quoted_sentences = self._quoted_sentences(doc)
        index.quotation_spans = [(q.start, q.end) for q in self._quotations]
        sentences = list(doc.sents)
        sentence_index = {s.start: i for i, s in enumerate(sentences)}
        candidates: list[Candidate] = []
        claimed_heads: set[int] = set()
        rule_candidates = (
            self._deontic_requests(doc, index)
            + self._blame_claims(doc, index)
            + self._labels(doc, index)
            + self._refusals(doc, index)
            + self._credits(doc, index)
        )
        for request in rule_candidates:
            candidates.append(request)
            claimed_heads.add(request.token.i)
            claimed_heads.update(request.absorbed)
        for token, trigger in self.lexicon.find(doc):
            if token.i in claimed_heads:
                continue
            candidate = self._candidate(token, trigger, index)
            if candidate is not None:
                candidates.append(candidate)
        for candidate in candidates:
            if in_headline(candidate.token):
                candidate.confidence = headline_confidence(candidate.confidence)
        if candidates and is_contest_article(doc):
            # A sports report: its private persons are players and athletes.
            for candidate in candidates:
                candidate.confidence = contest_article_confidence(
                    candidate.confidence, candidate.args, candidate.event_type
                )
        answer_accusations(candidates)
        target_earlier_deeds(candidates)
        candidates = deduplicate(candidates)
        candidates = drop_repeated_sentences(candidates)
        doc_id = doc._.document.id if doc._.document is not None else "doc"
        # Never an empty event: at least one participant must carry a code (an unresolved agent
        # alone, "gunmen opened fire", says nothing an analyst can count or map). A named
        # place acted on ("government troops stormed Marawi") is kept for the places stage,
        # which codes it with its country or drops the event (places/locate.py).
        candidates = [
            c for c in candidates if c.args.source or c.args.target or c.unresolved_target
        ]
        events: list[Event] = []
        for number, candidate in enumerate(sorted(candidates, key=lambda c: c.token.i), 1):
            sentence = candidate.token.sent
            events.append(
                self._event(
                    f"{doc_id}-e{number}", candidate, sentence, sentence_index[sentence.start]
                )
            )
        return events

    def _quoted_sentences(self, doc: Doc) -> set[int]:
        """Start tokens of the sentences whose words are all inside a quotation."""
        if not self._quotations:
            return set()
        spans = [(q.start, q.end) for q in self._quotations]
        quoted: set[int] = set()
        for sentence in doc.sents:
            words = [t for t in sentence if not (t.is_punct or t.is_space)]
            if not words:
                continue
            first, last = words[0].idx, words[-1].idx
            # One quotation from its first word to its last (quotations do not nest).
            if any(start <= first and last < end for start, end in spans):
                quoted.add(sentence.start)
        return quoted

    def _quoted_first_person(self, doc: Doc, index: ActorIndex) -> dict[int, list[ActorMention]]:
        """'"If he asks me, I'll say no," she tweeted', '"Our forces are ready," the minister
        said': first-person pronouns inside a quotation stand for its speaker (found as the
        attribution stage finds it: the quotation's reporting cue, or the quotation it
        continues)."""
        self._quotations = (
            find_quotations(doc, index, self.reporting)
            if any(mark in doc.text for mark in QUOTE_MARKS)
            else []
        )
        quotations = self._quotations
        speakers: dict[int, list[ActorMention]] = {}
        for token in (t for t in doc if t.lower_ in FIRST_PERSON) if quotations else ():
            quotation = quotation_of(token, quotations)
            if quotation is not None:
                # A quotation whose speaker is unknown leaves "I" unresolved: the subject of
                # the sentence before is more often the one spoken about than the speaker.
                speakers[token.i] = quotation.speaker
        return speakers

    # ---------------------------------------------------------------- candidates

    def _mode_from_cues(self, token: Token, event_type: str) -> str | None:
        for word in clause_words(token):
            if (mode := self.lexicon.mode_cues.get((event_type, word))) is not None:
                return mode
        return None

    # ---------------------------------------------------------------- output
    def _type_scores(self, candidate: Candidate) -> list[tuple[str, float]]:
        """The type model's top types for an event's trigger (its explanation), if it decided."""
        if self.type_model is None or candidate.trigger.layer == RULE_LAYER:
            return []
        scores = self.type_model.scores(candidate.token, candidate.trigger.event_type)
        return list(scores.items())[:EXPLAINED_MODEL_TYPES]

    def _event(
        self, event_id: str, candidate: Candidate, sentence: SpacySpan, number: int
    ) -> Event:
        token = candidate.token
        context = list(candidate.trigger.context)
        for word in clause_words(token):
            label = self.lexicon.context_cues.get(word)
            if label and label not in context:
                context.append(label)
        source = [event_actor(a) for a in candidate.args.source]
        if candidate.unresolved_source and not source:
            source = [EventActor(text=candidate.unresolved_source, code=None)]
        perpetrator_place: list[str] = []
        if not source and candidate.event_type in UNIDENTIFIED_DOER_TYPES:
            perpetrator_place = states_where(token, self._index)
            source = unidentified_perpetrator(candidate.args.target, perpetrator_place)
        if QUAD_CLASS.get(candidate.event_type, "").startswith("verbal"):
            # A state named as the doer of a verbal act ("Azerbaijan stated", "France asked")
            # speaks through its government.
            source = [as_government(a) for a in source]
        target = [event_actor(a) for a in candidate.args.target]
        if not target:
            target = [EventActor(text=text, code=None) for text in candidate.unresolved_target]
        if not target and (candidate.event_type == "PROTEST" or candidate.implied_addressee):
            # A protest that names no addressee is addressed to the protesters' government,
            # and so is a civilian's demand of an impersonal "they".
            target = implied_government(source)
        mediators = [event_actor(a) for a in candidate.args.mediators]
        symmetric = candidate.args.symmetric and len(source) >= 2 and not target
        if symmetric:
            # Symmetric events (clashes between A and B): each party acts on the other(s).
            target = list(reversed(source))
        args = candidate.args
        explanation = explain_event(
            token,
            candidate.trigger,
            candidate.event_type,
            # No source mention: the source is an unresolved agent (or there is none).
            sources=list(zip(args.source, source, strict=True))
            if args.source
            else [(None, actor) for actor in source],
            # No target mention: named places with no code yet ("fired on Qamishli").
            targets=list(zip(args.source[::-1] if symmetric else args.target, target, strict=True))
            if symmetric or args.target
            else [(None, actor) for actor in target],
            mediators=list(zip(args.mediators, mediators, strict=True)),
            source_path="place" if perpetrator_place else args.source_path,
            target_rule=args.target_rule,
            symmetric_targets=symmetric,
            main_pair=self._index.main_pair,
            modality=candidate.modality,
            type_scores=self._type_scores(candidate),
        )
        return Event(
            id=event_id,
            event_type=candidate.event_type,
            mode=candidate.mode,
            context=context,
            actor=source,
            recipient=target,
            mediator=mediators,
            modality=candidate.modality,
            evidence=Evidence(
                sentence_index=number,
                sentence=sentence.text,
                start=sentence.start_char,
                end=sentence.end_char,
                trigger=Span(text=token.text, start=token.idx, end=token.idx + len(token.text)),
            ),
            confidence=candidate.confidence,
            explanation=explanation,
        )
