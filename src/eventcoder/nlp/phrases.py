"""Phrase patterns for spaCy's PhraseMatcher, tokenized at build time instead of at every start.

A PhraseMatcher over ``LOWER`` (or ``ORTH``) compares token attribute hashes; it never needs
the pattern as a ``Doc``. Tokenizing ~30k dictionary phrases to make those Docs costs seconds
at every start, most of it creating a vocabulary entry for each new word. So
``scripts/build_phrase_tokens.py`` loads the pipeline once, records every phrase a component
asks for, and ships each phrase's tokens in ``data/nlp/phrase_tokens.tsv.gz``; at run time
:func:`phrase_keys` turns tokens into hashes (microseconds) and tokenizes only phrases the
file does not hold (new dictionary entries), so a stale file costs speed, never matches.

The file records the tokenizer it was made with (model and spaCy version); with any other
tokenizer it is ignored.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import spacy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import hash_string

from eventcoder.paths import data_path

PHRASE_TOKENS_FILE = data_path("nlp", "phrase_tokens.tsv.gz")
#: Separates the tokens of a phrase in the file (never inside a phrase or a token).
TOKEN_SEPARATOR = "\x1f"

Attr = Literal["LOWER", "ORTH"]

#: While the build script runs, every phrase asked for is collected here.
_recording: set[str] | None = None


def tokenizer_signature(nlp: Language) -> str:
    """Which tokenizer made a tokenization: the pipeline package and spaCy's version."""
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')} spacy-{spacy.__version__}"


@lru_cache(maxsize=4)
def _shipped_tokens(signature: str, path: Path = PHRASE_TOKENS_FILE) -> dict[str, list[str]]:
    """Phrase -> tokens from the shipped file, if it was made by this tokenizer."""
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n")
        if header != f"# {signature}":
            return {}
        lines = handle.read().split("\n")
    tokens: dict[str, list[str]] = {}
    for line in lines:
        if line:
            phrase, _, joined = line.partition("\t")
            tokens[phrase] = joined.split(TOKEN_SEPARATOR) if joined else []
    return tokens


def _cacheable(phrase: str) -> bool:
    return "\n" not in phrase and "\t" not in phrase and TOKEN_SEPARATOR not in phrase


def phrase_tokens(nlp: Language, phrases: Sequence[str]) -> list[list[str]]:
    """The tokens ``nlp``'s tokenizer makes of each phrase, from the shipped file when it has
    them (same tokenizer), else from the tokenizer."""
    if _recording is not None:
        _recording.update(p for p in phrases if _cacheable(p))
    shipped = _shipped_tokens(tokenizer_signature(nlp))
    missing = [p for p in phrases if p not in shipped]
    fresh = {
        phrase: [token.text for token in doc]
        for phrase, doc in zip(missing, nlp.tokenizer.pipe(missing), strict=True)
    }
    return [shipped[p] if p in shipped else fresh[p] for p in phrases]


def phrase_keys(nlp: Language, phrases: Sequence[str], attr: Attr = "LOWER") -> list[list[int]]:
    """What ``PhraseMatcher(vocab, attr=attr).add`` takes instead of Docs: per phrase, its
    tokens' attribute hashes (empty phrases are left out, as the matcher skips them)."""
    if attr == "LOWER":
        lower = nlp.vocab.lex_attr_getters.get(LOWER, str.lower)
        return [
            [hash_string(lower(token)) for token in tokens]
            for tokens in phrase_tokens(nlp, phrases)
            if tokens
        ]
    return [
        [hash_string(token) for token in tokens] for tokens in phrase_tokens(nlp, phrases) if tokens
    ]


def record_phrases() -> set[str]:
    """Start collecting every phrase asked for (for the build script); returns the set."""
    global _recording
    _recording = set()
    return _recording


def write_phrase_tokens(
    nlp: Language, phrases: Iterable[str], path: Path = PHRASE_TOKENS_FILE
) -> int:
    """Tokenize ``phrases`` with ``nlp``'s tokenizer and save them; returns how many."""
    ordered = sorted(p for p in set(phrases) if _cacheable(p))
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# {tokenizer_signature(nlp)}\n"]
    for phrase, doc in zip(ordered, nlp.tokenizer.pipe(ordered), strict=True):
        lines.append(f"{phrase}\t{TOKEN_SEPARATOR.join(token.text for token in doc)}\n")
    # mtime=0: the same phrases give the same bytes, so a rebuild shows no spurious change.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write("".join(lines).encode("utf-8"))
    _shipped_tokens.cache_clear()
    return len(ordered)
