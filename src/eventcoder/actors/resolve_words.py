"""The labels, sectors and limits the actor resolver reads, and the names it uses for the word
lists of ``data/actors/words.toml`` (institution and government nouns, words that name no
country, short forms): the words themselves are data."""

from __future__ import annotations

from spacy.parts_of_speech import PROPN as PROPN_POS

from eventcoder.paths import word_lists

#: The word lists of data/actors/words.toml.
_WORDS = word_lists("actors")

PROPN_ID = int(PROPN_POS)


# Labels in priority order: on equal length, the first wins.
IGO, GROUP, PERSON, STATE, AGENT, NER_PERSON = "IGO", "GROUP", "PERSON", "STATE", "AGENT", "NERP"


PRIORITY = {IGO: 0, STATE: 1, GROUP: 2, PERSON: 3, AGENT: 4, NER_PERSON: 5}


PROPER = {IGO, GROUP, PERSON, STATE}


# Arcs by which a modifier belongs to the noun phrase of its head.
NP_DEPS = {"compound", "amod", "nmod", "flat", "npadvmod"}


# "the administration in Armenia": location attaches an actor only to institutions.
IN_SECTORS = {"GOV", "COP", "JUD", "LEG"}


# "Moscow officials", "Kyiv forces": a capital speaks for the state only as government or army.
CAPITAL_SECTORS = {"GOV", "MIL"}


# Tokens of these entity types are never (part of) a person's name.
NAME_ENT_TYPES = {"", "PERSON"}


COREF_ENT_TYPES = {"", "PERSON", "ORG"}


PLACE_ENTS = {"GPE", "LOC", "FAC"}


# Heads of organisation and place names that the parse can attach a title to.
INSTITUTION_NOUNS = _WORDS.words("institution_nouns")


# Tokens from a person's name to the end of an appositive title that still describes them.
MAX_APPOSITIVE_TOKENS = 14


PREPS_OF = _WORDS.words("preps_of")


# "the Bush administration", "Putin's government": a leader's name on these nouns is the state.
# Sectors of words for armed people ("fighters", "militants"), which say nothing more about
# a named armed group than its own sector does.
ARMED_SECTORS = {"UAF", "MIL", "REB", "INS"}


GOVERNMENT_NOUNS = _WORDS.words("government_nouns")


LEADING_WORDS = _WORDS.words("leading_words")


# A state facility (facilities.tsv) after these prepositions is where something happens
# ("detained at a police station", "gathered outside the barracks", "taken to a checkpoint"),
# not whom it happens to. Unlike seats, "on", "into" and "against" aim at it ("fired on a
# police station", "drove a truck into a checkpoint"), and "at" does after a verb of aiming
# ("fired at an army base").
FACILITY_PLACE_PREPS = _WORDS.words("facility_place_preps")
AIMING_VERBS = _WORDS.words("aiming_verbs")


# Modifiers saying an agent belongs to no single country: "international observers",
# "foreign journalists", "Western diplomats", "world leaders" get no inferred country.
NO_COUNTRY_WORDS = _WORDS.words("no_country_words")


POSSESSIVE_ENDINGS = _WORDS.sequence("possessive_endings")


#: Words an organisation name may hold between its head and the place it is named after
#: ("University of Lagos", "Bank of the South").
ORG_LINK_WORDS = _WORDS.words("org_link_words")


#: Longest head phrase looked up (tokens): "federation of trade unions".
MAX_HEAD_TOKENS = 4


#: A place hint gives a country only when the place is this big (or a state), so that a
#: surname in "Smith Holdings" is not a hamlet somewhere.
PLACE_HINT_MIN_POPULATION = 50_000


#: Acronyms: two to eight capitals ("NYPD", "MASSOB"), possibly with an ampersand.
MIN_ACRONYM, MAX_ACRONYM = 2, 8


#: Head nouns by which news refers back to a named organisation ("the party", "the group").
SHORT_FORM_HEADS = _WORDS.words("short_form_heads")


#: Short forms that also refer back to an armed or political group named by the dictionary
#: without the head word ("Hamas ... the group said").
GROUP_SHORT_FORMS = _WORDS.words("group_short_forms")


#: How many sentences back a short form looks for the name it stands for.
SHORT_FORM_SENTENCES = 2


# Diplomats serve abroad: their country is the one their words name ("the Russian
# ambassador", "Russia's envoy") or, for a bare "the ambassador", the nearest earlier
# diplomat's, never the country the story happens in (the host).
DIPLOMAT_WORDS = _WORDS.words("diplomat_words")


# How far back (sentences before the agent's own) a same-noun mention with a named country
# is looked for: "China's commerce ministry said ... The ministry said" (see
# ``Attachment._same_agent_named_earlier``). A news paragraph or two.
EARLIER_AGENT_SENTENCES = 4
# The state institutions that rule applies to: a story's bare "the ministry" or "the army" is
# the one it just named with its country. Office-holders (president, minister, spokesman) are
# left out: a story names several states' presidents.
INSTITUTION_AGENT_NOUNS = _WORDS.words("institution_agent_nouns")
