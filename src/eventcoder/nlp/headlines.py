"""Headline-ese: readings the parser gets wrong in a headline, set right after it parses.

Headlines drop articles and auxiliaries, so a model trained on running text misreads them.
This component runs after the parser and touches only the headline the pipeline appended
(``doc._.title_start``); the body's parse is never changed. Each reading covers a class of
headline phrasing (docs/events.md#headlines):

- **Reduced passive** — "Policeman shot dead after ...", "Opposition party suspended ahead of
  election", "Tourist killed in attack": a past form with a subject but no auxiliary and no
  object is a passive whose "was" the headline dropped (a headline reports a past deed in the
  present tense, "Police shoot man", so a bare past form with nothing acted on is passive).
  Its subject becomes ``nsubjpass`` and the verb ``VBN``: the subject is who suffered it.
- **Subject read as a compound** — "Turkey shells Syrian city": a name right before a finite
  verb that the parser hung on the verb as ``compound`` (it reads "Turkey shells" as one
  noun), when the verb has no subject, is the verb's subject.

The third headline reading, "Governor to defy order" (an infinitive with no verb above it
announces a future deed), is a modality rule of the events stage (``events.modality``), since
it holds in any verbless sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

#: The component's registered name (added after the parser by ``pipeline.loader``).
HEADLINE_READINGS = "eventcoder_headline_readings"

_PAST_TAGS = frozenset({"VBD", "VBN"})
_FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD"})
_AUXILIARY_DEPS = frozenset({"aux", "auxpass"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "ccomp", "xcomp", "attr"})
_NOUN_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def in_headline(token: Token) -> bool:
    """Whether ``token`` is in the headline the pipeline appended to the body."""
    title_start = token.doc._.title_start if Doc.has_extension("title_start") else None
    return title_start is not None and token.idx >= title_start


def read_headline(doc: Doc) -> Doc:
    """Rewrite the headline's parse where headline-ese misled the parser (see module doc)."""
    title_start = doc._.title_start if Doc.has_extension("title_start") else None
    if title_start is None or not len(doc) or not doc.has_annotation("DEP"):
        return doc
    headline = doc.char_span(title_start, len(doc.text), alignment_mode="expand")
    if headline is None:
        return doc
    # Tags, not parts of speech: this runs before the attribute ruler maps tags to them.
    for token in headline:
        if token.tag_.startswith("VB"):
            if _reduced_passive(token):
                for subject in token.children:
                    if subject.dep_ == "nsubj":
                        subject.dep_ = "nsubjpass"
                token.tag_ = "VBN"
            elif (subject := _compound_subject(token)) is not None:
                subject.dep_ = "nsubj"
    return doc


def _reduced_passive(verb: Token) -> bool:
    """'Policeman shot dead', 'party suspended': a past form, a subject, no auxiliary, no
    object (a finite clause of its own, not 'troops who fired')."""
    if verb.tag_ not in _PAST_TAGS or verb.dep_ not in {"ROOT", "conj"}:
        return False
    children = list(verb.children)
    return any(c.dep_ == "nsubj" for c in children) and not any(
        c.dep_ in _AUXILIARY_DEPS | _OBJECT_DEPS for c in children
    )


def _compound_subject(verb: Token) -> Token | None:
    """'Turkey shells Syrian city': the name before a subjectless finite verb, hung on it as
    a compound."""
    if verb.tag_ not in _FINITE_TAGS or verb.i == 0:
        return None
    if any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    if before.head == verb and before.dep_ == "compound" and before.tag_ in _NOUN_TAGS:
        return before
    return None


@Language.component(HEADLINE_READINGS, assigns=["token.dep", "token.tag"])
def headline_readings(doc: Doc) -> Doc:
    return read_headline(doc)
