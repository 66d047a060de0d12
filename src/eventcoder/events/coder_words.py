"""The event coder's word sets and rule names: which types take which parties, the lemmas
of intent, praise, pledges, refusals, directives, topics and blame (plain data, written once)."""

from __future__ import annotations

#: Lexicon layers derived from CAMEO's broad verb dictionary: the type model overrides their
#: type more readily (events/typemodel.py, DecisionThresholds.generic_switch_min).
GENERIC_LAYERS = {"cameo", "cameo-pattern"}


#: Types that may be coded with only a target: the victim of violence is news on its own.
TARGET_ONLY_TYPES = {"ASSAULT", "COERCE", "PROTEST"}


#: Types whose unnamed doer is coded as an unidentified perpetrator of the place.
UNIDENTIFIED_DOER_TYPES = {"ASSAULT", "COERCE"}


#: Types whose target may be a named place ("shelled Kharkiv", "raided Jenin").
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE"}


#: Verbal types whose "in X" is where the words were said, not who they concern ("rejected
#: the plan in Paris"): the location rule (events/arguments.py) gives them no target.
SPEECH_VENUE_TYPES = {"ACCUSE", "REJECT", "REQUEST", "AGREE"}


#: Types that mean little without a counterpart: consulting, aiding, supporting whom?
NEEDS_TARGET_TYPES = {"CONSULT", "AID", "SUPPORT", "COOPERATE"}


#: Cooperation that, promised, is AGREE and, refused, is REJECT (PLOVER's reading).
COOPERATIVE_TYPES = {"SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "CONSULT"}


#: Material conflict that, announced for the future, is a THREATEN in PLOVER.
FORCEFUL_TYPES = {"ASSAULT", "COERCE", "SANCTION"}


#: Directives whose target can be the subject of their complement ("demanded that the US ...").
DIRECTIVE_TYPES = {"REQUEST", "THREATEN", "ACCUSE"}


#: Verbs (and adjectives) that make their complement a promise or offer.
INTENT_LEMMAS = {
    "promise",
    "pledge",
    "offer",
    "plan",
    "intend",
    "prepare",
    "prepared",
    "vow",
    "agree",
    "commit",
    "committed",
    "ready",
    "willing",
    "want",
    "propose",
    "expect",
}


#: Verbs of receiving that host a visit when their object is an official or a named person.
RECEPTION_VERBS = {"receive"}


#: Sectors of an object that make "received X" a visit hosted (officials, not refugees or aid).
RECEPTION_SECTORS = {"GOV", "MIL", "LEG", "JUD", "OPP", "PTY", "IGO", "SPY"}


#: Verbs of praise (CAMEO 051 praise or endorse → PLOVER SUPPORT): said, not promised, so an
#: intent ("wanted to thank", "will commend") does not make them an AGREE.
PRAISE_LEMMAS = {
    "praise",
    "thank",
    "hail",
    "commend",
    "laud",
    "applaud",
    "salute",
    "congratulate",
    "credit",
}


#: Subjects of a deontic demand that name the parties in general ("all parties should ...",
#: "the international community must ..."): a REQUEST with no single addressee.
GENERIC_PARTY_NOUNS = {"party", "side", "country", "nation", "state", "community", "everyone"}


#: Pronouns that, inside a quotation, stand for its speaker.
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}


INTENT_AUX = {"will", "shall", "'ll", "would"}


#: Verbs of promising: cooperation they introduce is an AGREE ("pledged to continue aid").
PLEDGE_LEMMAS = {"promise", "pledge", "vow", "commit"}


#: Participles that report a symmetric event as concluded ("the agreement reached on ...").
CONCLUSION_VERBS = {"reach", "sign", "conclude", "hold"}


#: Modals that turn a reported clause into a demand on its subject.
DEONTIC_MODALS = {"should", "must", "ought"}


#: The rule name of a demand made with a deontic modal in reported speech (explanations).
DEONTIC_RULE = "deontic request: X said that Y should/must ..."


#: The rule name of a blame reported as fact by its speaker (explanations).
BLAME_RULE = "blame claim: X says Y was involved in / responsible for ..."


#: The rule name of a condemning or dismissing label (explanations).
LABEL_RULE = "label: X called Y a crime / said Y was illegal / called the claims baseless"


#: The rule name of a party credited with an outcome in reported speech (explanations).
CREDIT_RULE = "credit: X says an outcome came thanks to Y"


#: The rule name of a refusal said as "no" (explanations).
REFUSAL_RULE = "refusal: X says no (to Y / if Y asks)"


#: Sectors that act for the state: their "they" is not the authorities of their own country.
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


#: Words of a "no" said as an answer ("I'll say no", "said no to the plan").
REFUSAL_WORDS = {"no", "nope"}


#: Subordinators of the condition a refusal answers ("if X asks me to ...").
CONDITION_MARKS = {"if", "when", "should"}


#: How many of the type model's top types an event's explanation lists.
EXPLAINED_MODEL_TYPES = 3


#: Verbs whose negation is a rejection ("we do not accept").
ACCEPTANCE_LEMMAS = {"accept", "agree", "recognize", "recognise", "approve", "support"}


#: Things that can be shot at though no actor names them ("the convoy came under fire").
PHYSICAL_TARGETS = {
    "convoy", "patrol", "vehicle", "car", "bus", "truck", "base", "position", "post",
    "checkpoint", "ship", "vessel", "boat", "plane", "aircraft", "helicopter", "drone",
    "village", "town", "city", "camp", "house", "building", "compound", "embassy", "unit",
}  # fmt: skip


#: Event nouns that, done "jointly", are cooperation ("a joint probe", "joint exercises").
JOINT_WORDS = {"joint", "bilateral", "trilateral", "combined"}


#: Verbs of wishing whose object-plus-infinitive is an appeal ("wants Russia to play").
WISH_LEMMAS = {"want", "wish", "expect", "like"}


#: Verbs of promising, and the nouns and verbs of retaliation that make a promise a threat.
PROMISE_LEMMAS = {"promise", "pledge", "vow", "swear", "warn", "threaten", "commit"}


RETALIATION_WORDS = {
    "response",
    "retaliation",
    "revenge",
    "reprisal",
    "consequence",
    "punishment",
    "retribution",
    "vengeance",
    "retaliate",
    "avenge",
    "punish",
    "respond",
    "strike",
    "attack",
    "hit",
}


#: Verbs of brokering whose object is an agreement reached by others.
BROKER_LEMMAS = {"broker", "mediate", "facilitate", "arrange"}


#: Nouns for agreements a third party can broker.
AGREEMENT_NOUNS = {"ceasefire", "truce", "armistice", "deal", "agreement", "accord", "pact"}


#: Verbs of a penalty in "do X or face Y" ultimatums.
PENALTY_LEMMAS = {"face", "risk", "lose", "suffer"}


#: Words that open an indirect question ("asked why ...", "asked whether ...").
QUESTION_WORDS = {"why", "how", "what", "whether", "if", "when", "where", "who", "which"}


#: Nouns of a deed's signature ("bears the hallmarks of the PKK").
SIGNATURE_NOUNS = {"hallmark", "signature", "fingerprint", "mark"}


#: Directives that need an addressee and an infinitive to be a REQUEST ("told X to resign").
ADDRESSED_DIRECTIVES = {"tell", "advise", "instruct"}


#: Verbs whose object-plus-infinitive is a demanded deed ("urged Iran to stop").
DIRECTIVE_HEADS = {
    "urge",
    "ask",
    "tell",
    "advise",
    "instruct",
    "call",
    "press",
    "demand",
    "request",
    "encourage",
    "invite",
    "appeal",
}


#: Prepositions whose object is what an event is about ("over the poisoning").
TOPIC_PREPS = {"over", "about", "regarding", "concerning"}


#: Prepositions whose object, under a noun, is what the noun is about ("involvement in the
#: poisoning", "an investigation into the attack", "in connection with the shooting",
#: "retaliation for the bombing"); under a verb they place an event ("killed in the clashes").
NOUN_TOPIC_PREPS = {"in", "into", "with", "for", "behind"}


#: Verbs whose infinitive complement is a deed not done ("refused to release").
UNDONE_LEMMAS = {"refuse", "decline", "fail", "neglect"}


#: Verbs that keep someone "from" doing something ("blocked lawyers from visiting him").
KEEPING_FROM_LEMMAS = {
    "prevent",
    "block",
    "bar",
    "ban",
    "stop",
    "keep",
    "prohibit",
    "forbid",
    "restrict",
    "deter",
}


#: Reactions whose object may be an act coded earlier ("called Thursday's order tyranny").
REACTION_TYPES = {"ACCUSE", "REJECT", "PROTEST"}


#: Verbs of accusing or claiming whose subject a denial in the same sentence answers.
CLAIM_LEMMAS = {"accuse", "blame", "charge", "allege", "claim", "say", "suspect"}


#: Types whose target is what they are over or against.
GRIEVANCE_TYPES = {"ACCUSE", "PROTEST"}
