"""Named private persons: a full name the model tags PERSON that no dictionary, title,
apposition or organisation explains ("Stephon Clark was shot by officers", "Yulia had phoned
her cousin Viktoria Skripal", "said Andre Wilson, a neighbour").

ICEWS codes a named individual without an affiliation as a citizen of their country
("Citizen (Country)"); the hand-coded gold does the same (country + sector CVL). Such a name
becomes a person with sector CVL whose country the agents layer infers like a bare agent's
(``actors/context.py``: phrase, the person's own clause, dateline, the article's dominant
country), and a document that names no country leaves it uncoded. Later bare surnames and
given names of that person reuse it (``People._coreferent_surnames``), and a repeated full name
or bare surname takes the first mention's country (``Attachment._infer_countries``).

Whether the person did anything is the events stage's question: a witness quoted only as a
source ("Andre Wilson said") is still a mention here, since hand coders code witnesses' own
deeds ("Wilson criticised the shooting").

The small model tags many things PERSON that are not people; a name is kept only when

- it is a full name: two or more words, each a capitalised proper noun written in mixed case
  (name particles such as "de", "bin", "al" may sit inside), with no digits or symbols: one
  word ("Brexit", "Hogg") is too often not a person, and a bare surname is left to the
  coreference of a full name named before it;
- it heads its own noun phrase and plays a part in its clause (not "the Betty Clarke medal",
  not a caption line "Photo Credit:"), and not as the object of a locative preposition ("at
  Brands Hatch", "in Matias Romero": places the model read as names);
- it is not part of a longer capitalised name ("Shostakovich Piano Concerto"), does not end
  with an organisation's or place's head word ("Meydan Racecourse", "Galliard Road"), and is
  not a place the gazetteer knows as a country, first-level division, capital or a town of
  ``NOTABLE_PLACE_POPULATION`` people ("shelled Kafr Nabl" where the model read a person);
- no title word stands in its phrase (the title rules had their chance: "Supervisor Jane
  Doe" unresolved is not a private person) nor opens it ("Sergeant Matt Tonroe", "Pope
  Francis": rank, clergy, nobility), and it is no inverted attribution ("Said Allen, ...");
  a later part of a name that failed these guards ("Matt Tonroe") fails them too;
- it is not a journalist's credit: "By X", "Reporting by X; Editing by Y", "X contributed to
  this report", "Photo: X".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from eventcoder.actors.data import ActorData, fold
from eventcoder.actors.matches import TO_INFER, Group, Resolved
from eventcoder.actors.resolve_words import (
    AGENT,
    GROUP,
    IGO,
    INSTITUTION_NOUNS,
    LEADING_WORDS,
    NER_PERSON,
    PERSON,
    STATE,
)
from eventcoder.paths import word_lists

#: The word lists of data/actors/words.toml.
_WORDS = word_lists("actors")

#: Lower-case words that may stand inside a person's name ("Mike de Kock", "Osama bin Laden").
NAME_PARTICLES = _WORDS.words("name_particles")

#: Courtesy titles that do not make a name part of a longer one ("Mr Halderman", "Dr. Omalu").
HONORIFICS = _WORDS.words("honorifics")

#: Words that, before "by" or a colon, credit a journalist or photographer ("Reporting by",
#: "Photo:").
CREDIT_WORDS = _WORDS.words("credit_words")

#: A contribution line has one of each ("X contributed to this report").
CONTRIBUTION_WORDS = _WORDS.words("contribution_words")
REPORT_WORDS = _WORDS.words("report_words")

#: Head words of places and venues that the model tags PERSON ("Elysian Fields", "Galliard
#: Road", "Meydan Racecourse"); organisation heads come from ``org_heads.tsv``.
PLACE_HEAD_WORDS = _WORDS.words("place_head_words")

#: A name after one of these is where something is ("at Brands Hatch"), not who.
LOCATIVE_PREPS = _WORDS.words("locative_preps")

#: Titles of rank, clergy and nobility that may open a PERSON name ("Sergeant Matt Tonroe").
RANK_TITLES = _WORDS.words("rank_titles")

#: "Said Allen, ...": a verb of saying opening an inverted attribution, read as a first name.
INVERTED_SPEECH_VERBS = _WORDS.words("inverted_speech_verbs")

#: Parts a person plays in a clause: subject, object, possessor, object of a preposition,
#: apposition, conjunct, agent of a passive, and the predicate of "the victim was X".
PERSON_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "iobj",
        "dative",
        "pobj",
        "poss",
        "appos",
        "conj",
        "attr",
        "agent",
        "oprd",
        "npadvmod",
    }
)

#: A name the gazetteer knows as a town of this many people (or a country, a first-level
#: division, a capital) is that place, mis-tagged ("shelled Kharkiv"); the places stage keeps
#: untagged place recipients from the same size.
NOTABLE_PLACE_POPULATION = 20_000

#: The rule named in the mention's ``source``.
PRIVATE_PERSON_RULE = "named private person: a citizen (CVL) of the country inferred"

_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'\u2019.-]*|-)$")


def private_persons(
    doc: Doc,
    groups: dict[int, Group],
    resolved: dict[int, list[Resolved]],
    found: list[Resolved],
    data: ActorData,
    notable_place: Callable[[str], bool],
) -> list[Resolved]:
    """A CVL person (country to infer) for the first mention of each full name that no other
    rule resolved and that passes the guards of this module's docstring. ``found``: the
    mentions resolved so far (a name inside one is left alone, and a name already known as
    a person is that person, by coreference); ``notable_place``: whether the gazetteer knows
    a name as a notable place (see ``NOTABLE_PLACE_POPULATION``)."""
    if not len(doc) or not doc[0].dep_:  # the parse decides what heads a phrase
        return []
    covered = {i for r in found for i in range(r.start, r.end)}
    earlier_people = sorted((r for r in found if r.kind == "person" and r.name), key=_start)
    people: list[Resolved] = []
    # Names that failed a guard: a later part of one is no private person either.
    rejected: list[Resolved] = []
    for head, group in sorted(groups.items()):
        if resolved.get(head) or group.of(STATE, IGO, GROUP, PERSON, AGENT):
            continue
        names = group.of(NER_PERSON)
        if len(names) != 1:
            continue
        match = names[0]
        if not match.start <= head < match.end:
            continue  # "the Betty Clarke medal": the name modifies another noun
        if any(i in covered for i in range(match.start, match.end)):
            continue
        name = doc[match.start : match.end]
        words = fold(name.text).split()
        same = _named_before(words, match.start, [*earlier_people, *people])
        if same is not None:
            # "Anne Marie Sanderson ... Anne Marie", "Sergeant Matt Tonroe ... Matt Tonroe":
            # part of a name named before is that person (their country, if to infer, is
            # the first mention's: Attachment._infer_countries).
            people.append(
                Resolved(match.start, match.end, same.code, same.sector, same.name, "person")
            )
            continue
        if _named_before(words, match.start, rejected) is not None:
            continue  # "Sergeant Matt Tonroe ... Matt Tonroe": still no private person
        if not _is_private_person(name, doc[head], data, notable_place):
            rejected.append(Resolved(match.start, match.end, "", None, name.text, "person"))
            continue
        people.append(
            Resolved(
                match.start,
                match.end,
                TO_INFER,
                "CVL",
                name.text,
                "person",
                rule=PRIVATE_PERSON_RULE,
            )
        )
    return people


def _start(item: Resolved) -> int:
    return item.start


def _named_before(words: list[str], start: int, people: list[Resolved]) -> Resolved | None:
    """The first person named before ``start`` whose name holds all of ``words`` in order
    (the same name, or part of it): two or more words, so a shared surname alone does not
    make two people one."""
    if len(words) < 2:
        return None
    for person in people:
        if person.start >= start:
            continue
        remaining = iter(fold(person.name).split())
        if all(word in remaining for word in words):
            return person
    return None


def _is_private_person(
    name: Span, head: Token, data: ActorData, notable_place: Callable[[str], bool]
) -> bool:
    if not _written_as_full_name(name):
        return False
    if head.dep_ not in PERSON_DEPS:
        return False  # a caption, a heading or a name in a list with no part in a clause
    if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
        return False  # "at Brands Hatch", "in Matias Romero": a place the model read as a name
    first, last = name[0].lower_.rstrip("."), name[-1].lower_.rstrip(".")
    if first in RANK_TITLES or first in data.agents or first in INVERTED_SPEECH_VERBS:
        return False  # "Pope Francis", "Judge Ann Roe", "Said Allen, ..."
    if name.start > 0 and name.doc[name.start - 1].lower_.rstrip(".") in RANK_TITLES:
        return False  # "Sergeant [Matt Tonroe]": a title the model left outside the name
    for word in (first, last):
        # "Galliard Road", "Hotel Kyjev", "Kenya Airways": a place or an organisation.
        if word in data.org_heads or word in INSTITUTION_NOUNS or word in PLACE_HEAD_WORDS:
            return False
    if _inside_longer_name(name):
        return False
    if _is_credit(name):
        return False
    return not notable_place(name.text)


def _written_as_full_name(name: Span) -> bool:
    """Two or more capitalised proper nouns in mixed case, particles allowed between them."""
    words = [t for t in name if t.text not in {"-", "."}]
    capitalised = [t for t in words if t.text[:1].isupper()]
    if len(capitalised) < 2 or not name[0].text[:1].isupper() or not name[-1].text[:1].isupper():
        return False
    for token in words:
        if not _NAME_WORD.match(token.text):
            return False
        if token.lower_ in NAME_PARTICLES:
            continue
        if not token.text[:1].isupper() or token.pos_ != "PROPN":
            return False
        letters = [ch for ch in token.text if ch.isalpha()]
        if len(letters) > 1 and all(ch.isupper() for ch in letters):
            return False  # "JAMES GALVEZ" (a caption), "New Brunswick RCMP" (an acronym)
    return True


def _inside_longer_name(name: Span) -> bool:
    """A capitalised word right after the name, or right before it mid-sentence and neither an
    honorific nor "The", makes it part of a longer name ("Shostakovich Piano Concerto")."""
    doc = name.doc
    if name.end < len(doc):
        after = doc[name.end]
        if after.is_alpha and after.text[:1].isupper() and not after.is_sent_start:
            return True
    if name.start > 0:
        before = doc[name.start - 1]
        if (
            before.is_alpha
            and before.text[:1].isupper()
            and not before.is_sent_start
            and before.lower_ not in LEADING_WORDS
            and before.lower_.rstrip(".") not in HONORIFICS
        ):
            return True
    return False


def _is_credit(name: Span) -> bool:
    """A byline or credit: "By X" opening its line, "Reporting by X", "Editing by X and Y",
    "X contributed to this report", "(Photo: X/AFP)"."""
    sentence = name.sent
    for token in sentence[:-1]:
        if token.lower_ in CREDIT_WORDS and token.nbor().lower_ in {"by", ":"}:
            return True
    words = {t.lower_ for t in sentence}
    if words & CONTRIBUTION_WORDS and words & REPORT_WORDS:
        return True  # "X contributed to this report"
    # "By Carey L. Biron.": a line that opens with "By" and a name is a byline.
    first = sentence[0]
    return first.lower_ == "by" and name.start - sentence.start <= 1
