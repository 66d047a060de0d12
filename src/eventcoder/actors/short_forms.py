"""Short forms: a later 'the group' or 'the movement' that takes the actor of the full name
used shortly before."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

import numpy
from spacy.attrs import LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc

from eventcoder.actors.data import (
    fold,
)
from eventcoder.actors.matches import Resolved
from eventcoder.actors.resolve_words import (
    GROUP_SHORT_FORMS,
    SHORT_FORM_HEADS,
    SHORT_FORM_SENTENCES,
)


def short_form_mentions(doc: Doc, found: list[Resolved]) -> list[Resolved]:
    """'the party', 'the group', 'the company': a bare definite short form refers to the nearest
    organisation named before it, in its sentence or the two before, whose name has the same
    head word ("the Labour Party ... the party said") or, for "the group"/"the movement", to a
    named armed or political group ("Hamas ... the group said"). A salience rule by recency,
    like the events stage's pronoun rule; the mention's source says which name it stands for."""
    positions = token_positions(doc, LOWER, SHORT_FORM_HEADS) if found else []
    if not positions:
        return []
    covered = [False] * len(doc)
    for item in found:
        for i in range(item.start, item.end):
            covered[i] = True
    sentence_starts = (
        [sent.start for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    )
    extra: list[Resolved] = []
    for i in positions:
        token = doc[i]
        word = token.lower_
        if covered[token.i] or token.i == 0:
            continue
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
        if doc[token.i - 1].lower_ != "the" or modifiers:
            continue  # "the ruling party", "the Kurdish group" say more than a back reference
        sentence = bisect_right(sentence_starts, token.i) - 1
        window = sentence_starts[max(sentence - SHORT_FORM_SENTENCES, 0)]
        candidates = [
            r
            for r in found
            if window <= r.start
            and r.end <= token.i - 1
            and r.code
            and (
                word in fold(doc[r.start : r.end].text).split()
                or (word in GROUP_SHORT_FORMS and r.kind == "group")
            )
        ]
        if not candidates:
            continue
        named = max(candidates, key=lambda r: r.start)
        text = doc[named.start : named.end].text
        rule = f"short form: 'the {token.text}' stands for {text!r} named before it"
        extra.append(
            Resolved(
                token.i - 1,
                token.i + 1,
                named.code,
                named.sector,
                named.name,
                named.kind,
                named.country_source,
                rule,
            )
        )
    return extra


def token_positions(doc: Doc, attr: int, words: set[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` (LOWER or ORTH) is one of ``words``, read off the
    document's arrays: making a Token object per word costs more than the rules themselves."""
    if not len(doc) or not words:
        return []
    column = doc.to_array([attr]).reshape(-1)
    return numpy.flatnonzero(numpy.isin(column, _hashes(frozenset(words)))).tolist()


@lru_cache(maxsize=64)
def _hashes(words: frozenset[str]) -> numpy.ndarray:
    """The string hashes of ``words`` (spaCy's hash of a string is the same in every vocab)."""
    return numpy.array(sorted(hash_string(word) for word in words), dtype=numpy.uint64)
