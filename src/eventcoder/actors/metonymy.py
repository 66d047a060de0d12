"""Is this place name its government? The one place the question is answered.

A place name stands for its government where it is written in a government's role, and names
a place everywhere else ("Ankara said", "Yerevan's attitude" against "in Ankara", "Alberta's
liquor stores"). The actors stage decides it here and records it on the Doc for the stages
after it (``doc._.governments``: the character spans of the names written as a government);
the places stage never takes such a name for a location.

Two readings of the role, both made here:

- :func:`written_as_government`: any place name the text makes act or own a stance — the
  subject of a verb other than "be" ("Kabul said", not "Kabul is the capital"), or the owner
  of a government's possession ("Russia's decision", not "Russia's forests").
- :func:`acts` and :func:`placed`: a capital or seat of government from the actor dictionary
  (``states_extra.tsv``) is an actor in any participant's role — subject, passive subject,
  possessor, object ("warned Baku"), agent of a passive ("by Moscow") or object of
  with/against; a seat (the Kremlin) unless named as where something happens ("at the
  Pentagon"). Such actors are ``metonym`` mentions, which the places stage skips too.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from eventcoder.paths import word_lists

#: The word lists of data/actors/words.toml.
_WORDS = word_lists("actors")

#: A capital "acts" (stands for its government) in these roles.
ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent", "csubj", "dobj", "dative"})

#: ... or as the object of these prepositions ("talks with Baku", "sanctions against Moscow");
#: "to"/"in"/"from" Moscow are too often travel and location to count.
ACTING_PREPS = _WORDS.words("acting_preps")

#: A seat of government after these prepositions is a place ("at the White House").
SPATIAL_PREPS = _WORDS.words("spatial_preps")

#: What a place "owns" when the place stands for its government ("Yerevan's attitude",
#: "Russia's decision", "Turkey's army"); anything else a place owns is in it.
GOVERNMENT_OWNED_NOUNS = _WORDS.words("government_owned_nouns")


def written_as_government(span: Span) -> bool:
    """A name acting (subject of a verb) or owning a stance ("Yerevan's attitude") is its
    government.

    A place governed by a preposition ("in Armenia", "to Armenia") stays a place, and so does
    one owning things that are in it ("Alberta's liquor stores", "Canada's athlete of the
    year") or undergoing something ("Kabul was shelled").
    """
    root: Token = span.root
    possessive = root.dep_ == "poss" or (
        span.end < len(span.doc) and span.doc[span.end].tag_ == "POS"
    )
    if possessive:
        owned = root.head if root.dep_ == "poss" else None
        return owned is None or owned.lemma_.lower() in GOVERNMENT_OWNED_NOUNS
    if root.dep_ in ("nsubj", "agent") and root.head.pos_ in ("VERB", "AUX"):
        # "Kabul is the capital" is about the place, "Kabul said" is about its government.
        return root.head.lemma_ != "be"
    return False


def government_names(doc: Doc) -> list[tuple[int, int]]:
    """The character spans of the document's names written as a government (what the actors
    stage assigns to ``doc._.governments``)."""
    return [(ent.start_char, ent.end_char) for ent in doc.ents if written_as_government(ent)]


def acts(token: Token) -> bool:
    """Whether a capital name stands for an acting government rather than a location."""
    current = token
    for _ in range(3):
        if current.dep_ in ACTING_DEPS:
            return True
        if current.dep_ == "pobj" and current.head.lower_ in ACTING_PREPS:
            return True
        if current.dep_ == "conj":
            current = current.head
            continue
        return False
    return False


def placed(token: Token) -> bool:
    """Whether a seat of government is named as a place ("at the Pentagon", "outside Downing
    Street"); in any other role ("a statement from the Kremlin") it is the government."""
    current = token
    if current.dep_ == "conj":
        current = current.head
    return current.dep_ == "pobj" and current.head.lower_ in SPATIAL_PREPS
