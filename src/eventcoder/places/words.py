"""Words the places stage reads: which prepositions place an event, which head words name an
institution after its place, which words follow a division's name, and which place names are
mostly directions.

The words are data (``data/places/words.toml``); this module binds each list to the name
the mention finder, the ranking and event location read.
"""

from __future__ import annotations

from eventcoder.paths import word_lists

#: The word lists of data/places/words.toml.
_WORDS = word_lists("places")

#: Prepositions that attach a location to an event.
LOCATIVE_PREPOSITIONS = _WORDS.words("locative_prepositions")
#: Prepositions of place proper (preferred over to/from when locating an event).
STRICT_LOCATIVES = _WORDS.words("strict_locatives")

#: Head words of organisations named after the place they serve ("Winnipeg Police Service",
#: "Cook County Sheriff's Office"): the leading place name is where the organisation is.
PLACE_NAMED_ORG_WORDS = _WORDS.words("place_named_org_words")


#: Generic words following a division's name ("Kaduna State", "Donetsk Oblast").
DIVISION_WORDS = _WORDS.words("division_words")


#: Words that are place names somewhere (Western Province, Centre Region, Gulf Province) but in
#: news are mostly directions, the central government or part of a longer name: such a
#: mention only resolves to a place in a country the document is about.
GENERIC_PLACE_NAMES = _WORDS.words("generic_place_names")
