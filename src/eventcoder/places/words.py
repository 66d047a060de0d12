"""Words the places stage reads: which prepositions place an event, which head words name an
institution after its place, what a place owns when it stands for its government, which words
follow a division's name, and which place names are mostly directions.

A plain data module (in the manner of spaCy's ``lang/en``): the sets are written here once and
read by the mention finder, the ranking and event location.
"""

from __future__ import annotations

#: Prepositions that attach a location to an event.
LOCATIVE_PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "near",
        "on",
        "outside",
        "inside",
        "across",
        "into",
        "around",
        "from",
        "to",
        "toward",
        "towards",
        "within",
        "throughout",
        "off",
        "along",
        "over",
        "through",
    }
)
#: Prepositions of place proper (preferred over to/from when locating an event).
STRICT_LOCATIVES = frozenset({"in", "at", "near", "on", "outside", "inside", "around", "within"})

#: Head words of organisations named after the place they serve ("Winnipeg Police Service",
#: "Cook County Sheriff's Office"): the leading place name is where the organisation is.
PLACE_NAMED_ORG_WORDS = frozenset(
    {
        "police",
        "sheriff",
        "county",
        "city",
        "council",
        "fire",
        "university",
        "college",
        "hospital",
        "airport",
        "court",
        "district",
        "province",
        "state",
        "port",
        "harbour",
        "harbor",
        "municipality",
        "government",
        "department",
        "schools",
        "school",
        "board",
        "authority",
        "regional",
        "service",
        "services",
        "office",
        "club",
        "team",
        "center",
        "centre",
        "library",
        "museum",
        "station",
        "stadium",
        "zoo",
        "cathedral",
        "church",
        "mall",
        "polytechnic",
        "institute",
        "academy",
    }
)


#: Generic words following a division's name ("Kaduna State", "Donetsk Oblast").
DIVISION_WORDS = frozenset(
    {
        "state",
        "province",
        "region",
        "county",
        "district",
        "governorate",
        "oblast",
        "prefecture",
        "department",
        "territory",
        "municipality",
        "parish",
    }
)


#: Words that are place names somewhere (Western Province, Centre Region, Gulf Province) but in
#: news are mostly directions, the central government or part of a longer name: such a
#: mention only resolves to a place in a country the document is about.
GENERIC_PLACE_NAMES = frozenset(
    {
        "west",
        "western",
        "east",
        "eastern",
        "north",
        "northern",
        "south",
        "southern",
        "central",
        "centre",
        "center",
        "west coast",
        "east coast",
        "gulf",
        "valley",
        "coast",
        "capital",
        "supreme",
        "union",
        "federal",
        "national",
        "state",
        "city",
        "island",
        "islands",
        "highlands",
        "midlands",
        "interior",
        "mainland",
    }
)
