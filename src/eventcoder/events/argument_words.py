"""Word sets the argument finders read: dependency labels, target prepositions, light and
onset verbs, nouns that take an object, place and role nouns, pronouns (plain data)."""

from __future__ import annotations

from eventcoder.events.lexicon import word_set

SUBJECT_DEPS = {"nsubj", "csubj"}


PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}


OBJECT_DEPS = {"dobj", "dative", "obj", "iobj"}


#: Prepositions whose object is the target of the event ("talks with", "attack on").
TARGET_PREPS = {"with", "to", "against", "on", "at", "toward", "towards", "into", "upon", "for"}


#: Verbs that carry an event noun ("held talks", "made an application", "launched an attack").
LIGHT_VERBS = word_set(
    "hold make have launch carry conduct stage mount sign reach conclude send give "
    "provide announce demonstrate offer impose issue file submit lodge express pay take "
    "begin start resume receive extend deliver level voice organize organise perform"
)


#: Verbs of which an event noun can be the subject ("clashes started", "fighting broke out").
ONSET_VERBS = word_set(
    "start begin erupt break resume intensify escalate flare continue occur happen take "
    "spread rage renew"
)


#: Nouns whose "of"-phrase is what is acted on, not who acts ("the occupation of Karabakh",
#: "the shelling of Donetsk", "the killing of four soldiers").
OBJECT_OF_NOUNS = word_set(
    "occupation invasion blockade release arrest detention expulsion recognition support "
    "withdrawal bombing shelling bombardment killing murder assassination kidnapping "
    "abduction massacre siege capture seizure execution torture persecution deportation "
    "eviction harassment intimidation closure dissolution condemnation criticism isolation "
    "surveillance annexation poisoning stabbing beheading"
)


#: Nouns of harm done to a person, whose possessor is the victim ("Karlov's assassination").
PERSONAL_HARM_NOUNS = word_set(
    "assassination killing murder kidnapping abduction arrest detention execution torture "
    "poisoning release expulsion deportation death beating imprisonment"
)


#: Nouns for places: the country a place lies in ("a city in Syria") stands for the place.
PLACE_NOUNS = word_set(
    "city town village area region province district position base outpost post "
    "checkpoint station border territory camp neighbourhood neighborhood settlement enclave "
    "stronghold bastion airport port facility building school hospital market mosque church "
    "headquarters compound capital suburb street prison jail"
)


#: A pair of parties referred to as a pair: head lemmas with "two"/"both" or plural "the parties".
PAIR_HEADS = {"country", "side", "party", "state", "nation", "neighbour", "neighbor", "rival"}


#: Verbs whose subject or agent undergoes the event noun ("sanctions faced by Russia").
EXPERIENCER_VERBS = {"face", "suffer", "receive", "undergo", "endure", "experience", "sustain"}


#: Nouns for people in a role, which an apposition names ("his counterpart, Hulusi Akar").
ROLE_NOUNS = word_set(
    "counterpart minister president leader spokesman spokesperson official envoy "
    "ambassador chief head colleague representative premier"
)


#: Verbs whose object did what their "for"/"of" phrase names ("blamed X for the attack").
ACCUSATION_VERBS = word_set("accuse blame charge condemn criticize criticise denounce fault")


#: Verbs whose (often passive-looking) subject takes part in the event noun after "in".
PARTICIPATION_VERBS = word_set("engage involve participate join")


PRONOUNS = {"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our", "them"}


#: Verbs of reacting to, judging or reporting an event: their subject or agent is not its doer
#: ("the attack, condemned by the UN", "Russia denied the attack").
REACTION_VERBS = word_set(
    "condemn criticize criticise denounce deny reject report witness investigate blame "
    "welcome praise support survive face suffer fear mourn describe call dismiss confirm "
    "decry slam protest oppose claim recall remember commemorate mark cover film see watch "
    "document discuss regret deplore hail applaud question dispute acknowledge"
)


#: Documents that speak for whoever issued them ("a resolution calling for ...").
DOCUMENT_NOUNS = word_set(
    "resolution statement letter declaration communique motion bill petition decree report "
    "memorandum note order ruling verdict"
)


#: Verbs of removal whose "from X" names who removes when no agent is given ("diplomats were
#: expelled from the United States": the United States expelled them).
REMOVAL_VERBS = word_set("expel deport evict oust ban bar banish kick")


#: Verbs of taking something away from someone: "confiscated weapons from armed groups",
#: "captured the town from the rebels" -> the one it is taken from is the target.
DISPOSSESSION_VERBS = word_set("confiscate seize capture take steal grab wrest snatch strip")

#: Nouns of help after "with": "with Albania's help", "with the backing of Iran", "with support
#: from the US" name an accomplice of the deed, not whom it is done to.
ACCOMPLICE_NOUNS = word_set(
    "help support backing assistance aid cooperation participation consent blessing approval"
)


#: Verbs whose object is the subject's own force being moved (send, deploy, withdraw troops).
FORCE_MOVING_VERBS = word_set(
    "send deploy dispatch redeploy station mobilize mobilise move withdraw pull"
)


#: Entity labels of named places: a place named as the object of force is a target whose
#: country the places stage fills in (the events stage never geocodes).
PLACE_ENTITY_LABELS = {"GPE", "LOC", "FAC"}


#: Quantifiers heading an object phrase ("most of the towns", "parts of the city").
QUANTIFIERS = word_set("most many some all part parts much several dozens hundreds")


#: Entity labels the small model gives some rare towns ("Qamishli" tagged ORG).
WEAK_PLACE_ENTITY_LABELS = {"ORG", "PERSON", "NORP"}


#: Verbs that report what a party says ("say", "tell"): their subject speaks for itself.
SPEECH_VERBS = word_set("say tell state announce add confirm report claim insist")


#: Group nouns that name an agent even when the actors stage cannot resolve it to a code.
GROUP_NOUNS = word_set(
    "inhabitant resident villager network organization movement faction people protester "
    "demonstrator worker student activist youth rebel guerrilla militant insurgent force "
    "troop soldier police government authority court judge army parliament militia gunman "
    "fighter official minister president leader group party union opposition assailant "
    "attacker bomber kidnapper sniper jihadist extremist terrorist separatist"
)


#: Modifiers that make any person noun an agent of violence ("armed men", "masked men").
ARMED_MODIFIERS = word_set("armed masked unidentified unknown")


#: Nouns for a request or proposal: who rejects, accepts or answers one acts on its author
#: ("dismissed an appeal from the president", "rejected calls by the rulers of X").
REQUEST_NOUNS = word_set(
    "appeal call demand request invitation offer proposal plea ultimatum initiative bid "
    "suggestion overture"
)


#: Object pronouns and possessives that refer back to an actor named before.
OBJECT_PRONOUNS = {"it", "them", "him", "her"}


POSSESSIVE_PRONOUNS = {"its", "their", "his", "her"}


#: Which actor kinds each pronoun can refer to: "it" is a state or an organisation, "him"/"her"
#: a person, "them" a state, organisation or group.
PRONOUN_KINDS = {
    "it": {"state", "igo", "group", "metonym"},
    "its": {"state", "igo", "group", "metonym"},
    "them": {"state", "igo", "group", "metonym"},
    "their": {"state", "igo", "group", "metonym"},
    "him": {"person"},
    "his": {"person"},
    "her": {"person"},
}


#: Prepositions that place an event ("a curfew in Cizre", "bombs exploded in Kabul").
LOCATIVE_PREPS = {"in", "at", "inside", "into"}


#: Nouns of a stance taken against someone, after "in": "in defiance of X", "in protest
#: against X", "in opposition to X".
STANCE_NOUNS = word_set("defiance protest opposition")


#: Subordinators of the condition a threat sets ("unless Israel rescinds", "if Baku refuses").
CONDITION_MARKERS = {"unless", "if", "until"}


#: Nouns naming an act by the verb that does it: who "ordered" gave "the order".
DEED_NOUN_VERBS = {
    "order": "order",
    "ban": "ban",
    "decision": "decide",
    "ruling": "rule",
    "decree": "decree",
    "arrest": "arrest",
    "detention": "detain",
    "expulsion": "expel",
    "closure": "close",
    "crackdown": "crack",
    "attack": "attack",
    "raid": "raid",
    "strike": "strike",
    "blockade": "blockade",
    "sanction": "sanction",
    "suspension": "suspend",
    "dissolution": "dissolve",
}
