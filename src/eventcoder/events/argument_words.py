"""What the argument finders read: dependency labels, and the names they use for the word
lists of ``data/events/words.toml`` (target prepositions, light and onset verbs, nouns that
take an object, place and role nouns, pronouns): the words themselves are data."""

from __future__ import annotations

from eventcoder.paths import word_lists

#: The word lists of data/events/words.toml.
_WORDS = word_lists("events")

SUBJECT_DEPS = {"nsubj", "csubj"}


PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}


OBJECT_DEPS = {"dobj", "dative", "obj", "iobj"}


#: Prepositions whose object is the target of the event ("talks with", "attack on").
TARGET_PREPS = _WORDS.words("target_preps")


#: Verbs that carry an event noun ("held talks", "made an application", "launched an attack").
LIGHT_VERBS = _WORDS.words("light_verbs")


#: Verbs of which an event noun can be the subject ("clashes started", "fighting broke out").
ONSET_VERBS = _WORDS.words("onset_verbs")


#: Nouns whose "of"-phrase is what is acted on, not who acts ("the occupation of Karabakh",
#: "the shelling of Donetsk", "the killing of four soldiers").
OBJECT_OF_NOUNS = _WORDS.words("object_of_nouns")


#: Nouns of harm done to a person, whose possessor is the victim ("Karlov's assassination").
PERSONAL_HARM_NOUNS = _WORDS.words("personal_harm_nouns")


#: Nouns for places: the country a place lies in ("a city in Syria") stands for the place.
PLACE_NOUNS = _WORDS.words("place_nouns")


#: A pair of parties referred to as a pair: head lemmas with "two"/"both" or plural "the parties".
PAIR_HEADS = _WORDS.words("pair_heads")


#: Verbs whose subject or agent undergoes the event noun ("sanctions faced by Russia").
EXPERIENCER_VERBS = _WORDS.words("experiencer_verbs")
#: Entity labels of a subject that names an agent the dictionaries may not know yet.
NAMED_AGENT_LABELS = {"PERSON", "ORG", "NORP"}
#: Verbs of being or arriving somewhere whose subject takes part in their "for" event noun.
PRESENCE_VERBS = _WORDS.words("presence_verbs")
#: Nouns that count or group event nouns ("a number of strikes", "a wave of arrests").
QUANTITY_NOUNS = _WORDS.words("quantity_nouns")
#: Event nouns whose "from" phrase names the giver ("sanctions from the United States").
FROM_SOURCE_NOUNS = _WORDS.words("from_source_nouns")
#: Intransitive verbs of dying or coming to harm ("two soldiers died in an attack").
HARM_SUFFERED_VERBS = _WORDS.words("harm_suffered_verbs")
#: Attacks whose object is a place more often than a person (by mode, by verb).
AREA_ATTACK_MODES = _WORDS.words("area_attack_modes")
TERRITORY_VERBS = _WORDS.words("territory_verbs")


#: Nouns for people in a role, which an apposition names ("his counterpart, Hulusi Akar").
ROLE_NOUNS = _WORDS.words("role_nouns")


#: Verbs whose object did what their "for"/"of" phrase names ("blamed X for the attack").
ACCUSATION_VERBS = _WORDS.words("accusation_verbs")


#: Verbs whose (often passive-looking) subject takes part in the event noun after "in".
PARTICIPATION_VERBS = _WORDS.words("participation_verbs")


PRONOUNS = _WORDS.words("pronouns")
RELATIVE_PRONOUNS = _WORDS.words("relative_pronouns")


#: Verbs of reacting to, judging or reporting an event: their subject or agent is not its doer
#: ("the attack, condemned by the UN", "Russia denied the attack").
REACTION_VERBS = _WORDS.words("reaction_verbs")


#: Documents that speak for whoever issued them ("a resolution calling for ...").
DOCUMENT_NOUNS = _WORDS.words("document_nouns")


#: Verbs of removal whose "from X" names who removes when no agent is given ("diplomats were
#: expelled from the United States": the United States expelled them).
REMOVAL_VERBS = _WORDS.words("removal_verbs")


#: Verbs of taking something away from someone: "confiscated weapons from armed groups",
#: "captured the town from the rebels" -> the one it is taken from is the target.
DISPOSSESSION_VERBS = _WORDS.words("dispossession_verbs")

#: Nouns of help after "with": "with Albania's help", "with the backing of Iran", "with support
#: from the US" name an accomplice of the deed, not whom it is done to.
ACCOMPLICE_NOUNS = _WORDS.words("accomplice_nouns")


#: Verbs whose object is the subject's own force being moved (send, deploy, withdraw troops).
FORCE_MOVING_VERBS = _WORDS.words("force_moving_verbs")


#: Entity labels of named places: a place named as the object of force is a target whose
#: country the places stage fills in (the events stage never geocodes).
PLACE_ENTITY_LABELS = {"GPE", "LOC", "FAC"}


#: Quantifiers heading an object phrase ("most of the towns", "parts of the city").
QUANTIFIERS = _WORDS.words("quantifiers")


#: Entity labels the small model gives some rare towns ("Qamishli" tagged ORG).
WEAK_PLACE_ENTITY_LABELS = {"ORG", "PERSON", "NORP"}


#: Verbs that report what a party says ("say", "tell"): their subject speaks for itself.
SPEECH_VERBS = _WORDS.words("speech_verbs")


#: Group nouns that name an agent even when the actors stage cannot resolve it to a code.
GROUP_NOUNS = _WORDS.words("group_nouns")


#: Modifiers that make any person noun an agent of violence ("armed men", "masked men").
ARMED_MODIFIERS = _WORDS.words("armed_modifiers")


#: Nouns for a request or proposal: who rejects, accepts or answers one acts on its author
#: ("dismissed an appeal from the president", "rejected calls by the rulers of X").
REQUEST_NOUNS = _WORDS.words("request_nouns")


#: Object pronouns and possessives that refer back to an actor named before.
OBJECT_PRONOUNS = _WORDS.words("object_pronouns")


POSSESSIVE_PRONOUNS = _WORDS.words("possessive_pronouns")


#: Which actor kinds each pronoun can refer to: "it" is a state or an organisation, "him"/"her"
#: a person, "them" a state, organisation or group.
PRONOUN_KINDS = _WORDS.mapping_of_sets("pronoun_kinds")


#: Prepositions that place an event ("a curfew in Cizre", "bombs exploded in Kabul").
LOCATIVE_PREPS = _WORDS.words("locative_preps")


#: Nouns of a stance taken against someone, after "in": "in defiance of X", "in protest
#: against X", "in opposition to X".
STANCE_NOUNS = _WORDS.words("stance_nouns")


#: Subordinators of the condition a threat sets ("unless Israel rescinds", "if Baku refuses").
CONDITION_MARKERS = _WORDS.words("condition_markers")


#: Nouns naming an act by the verb that does it: who "ordered" gave "the order".
DEED_NOUN_VERBS = _WORDS.mapping("deed_noun_verbs")
