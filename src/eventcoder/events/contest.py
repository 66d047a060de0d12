"""Contest sense: sports, games and contests read as violence ("beat Y 3-1", "hit a
3-pointer", "captured four medals", "fired a 65", "knocked out the champion").

Hand coders (PLOVER, ACLED, ICEWS) never code a contest as an event. Two signals, both from
word lists of ``data/events/words.toml`` (docs/events.md#contest-sense):

- the clause: a violent or coercive trigger whose own clause carries a contest cue (a score, a
  word of the contest such as ball, medal, title, match) and no word that makes the violence
  literal (killed, police, tear gas, fans) is the contest sense of the word, not an event;
- the article: an article crowded with contest words lowers the confidence of events among
  named private persons (players, coaches, athletes).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from eventcoder.events.arguments import Arguments
from eventcoder.events.clauses import clause_tokens
from eventcoder.events.coder_words import (
    ARMED_SECTORS,
    AUTHORITY_SECTORS,
    CONTEST_ADJECTIVES,
    CONTEST_ARTICLE_WORDS,
    CONTEST_CROWD_WORDS,
    CONTEST_HARM_WORDS,
    CONTEST_NOUNS,
    CONTEST_SCORE_PATTERNS,
    CONTEST_SENSE_TYPES,
)

_SCORE = re.compile("|".join(f"(?:{p})" for p in CONTEST_SCORE_PATTERNS))

#: Share of an article's words that are contest words (contest_nouns, contest_article_words,
#: scores) from which it is a contest article. Over the 260 dev articles (measured when it
#: was set) 15 sports articles (match reports, a skater's profile, a motor-racing preview, a
#: cricket rights deal) have 2.8% to 8.7%; the highest other article, a hurricane-season
#: story, 1.9%.
CONTEST_ARTICLE_SHARE = 0.02
#: And at least this many contest words (a short brief with two sports words is no report).
CONTEST_ARTICLE_MIN_WORDS = 6


def is_score(token: Token) -> bool:
    """'3-1', '96-94', 'a 3-pointer', '5-under'; and a stroke total as the object of a verb
    ('fired a 65', 'shot a 68': a bare number with an article is a score, not people)."""
    text, after = _joined(token)
    if _SCORE.match(token.text) or _SCORE.match(text):
        # "sent 2-3 battalions", "attacked 5-6 villages": a range of counts, not a score.
        return after is None or after.tag_ != "NNS"
    return (
        token.dep_ == "dobj"
        and token.text.isdigit()
        and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children)
    )


def _joined(token: Token) -> tuple[str, Token | None]:
    """The token and the next two when written without spaces (the tokenizer splits "3-1"
    and "3-pointer" at the hyphen), and the token after them."""
    text = token.text
    current = token
    for _ in range(2):
        if current.whitespace_ or current.i + 1 >= len(token.doc):
            break
        current = current.nbor()
        text += current.text
    after = current.nbor() if current.i + 1 < len(token.doc) else None
    return text, after


def contest_sense(token: Token, event_type: str, args: Arguments) -> bool:
    """Whether a violent or coercive trigger is read in its contest sense: its clause carries
    a contest cue and nothing that makes the violence literal, and no armed, police or
    institutional authority takes part ("police fired tear gas at supporters after the
    match" stays an event)."""
    if event_type not in CONTEST_SENSE_TYPES:
        return False
    if any(
        m.sector in ARMED_SECTORS or (m.sector in AUTHORITY_SECTORS and m.kind != "person")
        for m in (*args.source, *args.target)
    ):
        return False
    words = clause_tokens(token)
    lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
    if lemmas & CONTEST_HARM_WORDS:
        return False
    if any(_is_contest_word(o) for o in _objects(token)):
        # "fans invaded the pitch", "captured four medals": the deed is done to the contest.
        return True
    if lemmas & CONTEST_CROWD_WORDS:
        return False  # "fans attacked the team bus after the match": crowd violence
    return any(is_score(t) or _is_contest_word(t) for t in words)


def _is_contest_word(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if lemma in CONTEST_ADJECTIVES:
        return True  # whatever its tag: "ended goalless" is parsed as a noun object
    return token.pos_ in {"NOUN", "PROPN"} and lemma in CONTEST_NOUNS


def _objects(token: Token) -> list[Token]:
    """The trigger's direct object, or where it goes onto or into ("invaded the pitch",
    "stormed onto the pitch")."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    # Only a preposition of motion onto the thing: "after the match" is when, not what.
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in {"onto", "into"}):
        objects += [g for g in prep.children if g.dep_ == "pobj"]
    return objects


def contest_share(doc: Doc) -> tuple[int, float]:
    """How many of the article's words are contest words, and their share of its words."""
    words = cues = 0
    for token in doc:
        score = is_score(token)  # the costliest test: once a token
        if not (token.is_alpha or score):
            continue
        words += 1
        lemma = token.lemma_.lower()
        cues += score or lemma in CONTEST_NOUNS or lemma in CONTEST_ARTICLE_WORDS
    return cues, cues / words if words else 0.0


def is_contest_article(doc: Doc) -> bool:
    """Whether the article is dominated by contest vocabulary (a sports report)."""
    cues, share = contest_share(doc)
    return cues >= CONTEST_ARTICLE_MIN_WORDS and share >= CONTEST_ARTICLE_SHARE
