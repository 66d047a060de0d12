"""A title or agent followed by a name in apposition is that named person: "his wife, Li
Wenzu", "The Deputy Publicity Secretary of the ruling party, Comrade Ann Wambui", "the
party's National Chairman, Chief John Odigie-Oyegun".

The reverse order ("Nasser Kenani, spokesman of ...") is ``Attachment._attach_appositives``.
Here the title was resolved by the agents layer (a sector, its country maybe still to infer)
and the name is a person the dictionaries do not know: the person takes the title's code and
sector, and the name (only its PERSON-entity words, without honorifics like "Comrade") is kept
so that a later bare surname or given name ("Frank said", "Li and her supporters") is the same
person (``People._coreferent_surnames``).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from eventcoder.actors.matches import Resolved

#: A one-word "name" that is a town of this many people or more is the town, mis-tagged.
TOWN_POPULATION = 50_000

#: The rule named in the mention's ``source``.
NAMED_TITLE_RULE = "person named in apposition to a title"


def name_titled_people(
    doc: Doc,
    resolved: dict[int, list[Resolved]],
    place_countries: Callable[[str], dict[str, int]],
) -> None:
    """Turn each resolved title or agent with an unknown person's name in apposition into
    that person (in place). ``place_countries`` (the gazetteer's populations by country)
    keeps a town the model tagged PERSON from becoming one ("the Chancellor of the Federal
    University of Technology, Owerri")."""
    for head, items in list(resolved.items()):
        if len(items) != 1 or items[0].kind == "person" or not items[0].sector:
            continue
        title = items[0]
        for appos in doc[head].children:
            if appos.dep_ != "appos" or appos.i < head or resolved.get(appos.i):
                continue
            name = _person_name(appos)
            if name is None:
                continue
            if len(name) == 1 and max(place_countries(name.text).values(), default=0) >= (
                TOWN_POPULATION
            ):
                continue
            resolved[head] = [
                Resolved(
                    title.start,
                    name.end,
                    title.code,
                    title.sector,
                    name.text,
                    "person",
                    country_source=title.country_source,
                    rule=NAMED_TITLE_RULE,
                )
            ]
            break


def _person_name(appos: Token) -> Span | None:
    """The PERSON-entity words ending at an appositive's head, if it is a person's name
    ("Comrade Timi Frank" -> "Timi Frank")."""
    if appos.pos_ != "PROPN" or appos.ent_type_ != "PERSON":
        return None
    start = appos.i
    while start > appos.left_edge.i and appos.doc[start - 1].ent_type_ == "PERSON":
        start -= 1
    return appos.doc[start : appos.i + 1]
