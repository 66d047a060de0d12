"""The event coder's type sets (which types take which parties) and the names it uses for the
word lists of ``data/events/words.toml`` (the lemmas of intent, praise, pledges, refusals,
directives, topics and blame): the words themselves are data."""

from __future__ import annotations

from eventcoder.paths import word_lists

#: The word lists of data/events/words.toml.
_WORDS = word_lists("events")

#: Lexicon layers derived from CAMEO's broad verb dictionary: the type model overrides their
#: type more readily (events/typemodel.py, DecisionThresholds.generic_switch_min).
GENERIC_LAYERS = {"cameo", "cameo-pattern"}


#: Types that may be coded with only a target: the victim of violence is news on its own.
TARGET_ONLY_TYPES = {"ASSAULT", "COERCE", "PROTEST"}


#: Types whose unnamed doer is coded as an unidentified perpetrator of the place.
UNIDENTIFIED_DOER_TYPES = {"ASSAULT", "COERCE"}


#: Types whose target may be a named place ("shelled Kharkiv", "raided Jenin").
PLACE_TARGET_TYPES = {"ASSAULT", "COERCE"}


#: Types that need a counterpart (NEEDS_TARGET_TYPES) for which a named place can be it: the
#: host of talks held there, the recipients of aid sent there.
PLACE_COUNTERPART_TYPES = {"CONSULT", "AID"}


#: Verbal types whose "in X" is where the words were said, not who they concern ("rejected
#: the plan in Paris"): the location rule (events/arguments.py) gives them no target.
SPEECH_VENUE_TYPES = {"ACCUSE", "REJECT", "REQUEST", "AGREE"}


#: Types that mean little without a counterpart: consulting, aiding, supporting whom?
NEEDS_TARGET_TYPES = {"CONSULT", "AID", "SUPPORT", "COOPERATE"}


#: Types two parties do with each other when no one else is named ("A and B met").
MUTUAL_TYPES = {"CONSULT", "COOPERATE"}


#: Cooperation that, promised, is AGREE and, refused, is REJECT (PLOVER's reading).
COOPERATIVE_TYPES = {"SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "CONSULT"}


#: Material conflict that, announced for the future, is a THREATEN in PLOVER.
FORCEFUL_TYPES = {"ASSAULT", "COERCE", "SANCTION"}


#: Directives whose target can be the subject of their complement ("demanded that the US ...").
DIRECTIVE_TYPES = {"REQUEST", "THREATEN", "ACCUSE"}


#: Verbs (and adjectives) that make their complement a promise or offer.
INTENT_LEMMAS = _WORDS.words("intent_lemmas")


#: Verbs of receiving that host a visit when their object is an official or a named person.
RECEPTION_VERBS = {"receive"}


#: Sectors of an object that make "received X" a visit hosted (officials, not refugees or aid).
RECEPTION_SECTORS = {"GOV", "MIL", "LEG", "JUD", "OPP", "PTY", "IGO", "SPY"}


#: Verbs of praise (CAMEO 051 praise or endorse → PLOVER SUPPORT): said, not promised, so an
#: intent ("wanted to thank", "will commend") does not make them an AGREE.
PRAISE_LEMMAS = _WORDS.words("praise_lemmas")


#: Subjects of a deontic demand that name the parties in general ("all parties should ...",
#: "the international community must ..."): a REQUEST with no single addressee.
GENERIC_PARTY_NOUNS = _WORDS.words("generic_party_nouns")


#: Pronouns that, inside a quotation, stand for its speaker.
FIRST_PERSON = _WORDS.words("first_person")


INTENT_AUX = _WORDS.words("intent_aux")


#: Verbs of promising: cooperation they introduce is an AGREE ("pledged to continue aid").
PLEDGE_LEMMAS = _WORDS.words("pledge_lemmas")


#: Participles that report a symmetric event as concluded ("the agreement reached on ...").
CONCLUSION_VERBS = _WORDS.words("conclusion_verbs")


#: Modals that turn a reported clause into a demand on its subject.
DEONTIC_MODALS = _WORDS.words("deontic_modals")


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
REFUSAL_WORDS = _WORDS.words("refusal_words")


#: Subordinators of the condition a refusal answers ("if X asks me to ...").
CONDITION_MARKS = _WORDS.words("condition_marks")


#: How many of the type model's top types an event's explanation lists.
EXPLAINED_MODEL_TYPES = 3


#: Verbs whose negation is a rejection ("we do not accept").
ACCEPTANCE_LEMMAS = _WORDS.words("acceptance_lemmas")


#: Things that can be shot at though no actor names them ("the convoy came under fire").
PHYSICAL_TARGETS = _WORDS.words("physical_targets")


#: Event nouns that, done "jointly", are cooperation ("a joint probe", "joint exercises").
JOINT_WORDS = _WORDS.words("joint_words")


#: Crowds whose violence is a riot ("protesters stormed the parliament").
CROWD_NOUNS = _WORDS.words("crowd_nouns")


#: Verbs of wishing whose object-plus-infinitive is an appeal ("wants Russia to play").
WISH_LEMMAS = _WORDS.words("wish_lemmas")


#: Verbs of promising, and the nouns and verbs of retaliation that make a promise a threat.
PROMISE_LEMMAS = _WORDS.words("promise_lemmas")


RETALIATION_WORDS = _WORDS.words("retaliation_words")


#: Verbs of brokering whose object is an agreement reached by others.
BROKER_LEMMAS = _WORDS.words("broker_lemmas")


#: Nouns for agreements a third party can broker.
AGREEMENT_NOUNS = _WORDS.words("agreement_nouns")


#: Verbs of a penalty in "do X or face Y" ultimatums.
PENALTY_LEMMAS = _WORDS.words("penalty_lemmas")


#: Words that open an indirect question ("asked why ...", "asked whether ...").
QUESTION_WORDS = _WORDS.words("question_words")
QUESTION_VERBS = _WORDS.words("question_verbs")


#: Nouns of a deed's signature ("bears the hallmarks of the PKK").
SIGNATURE_NOUNS = _WORDS.words("signature_nouns")


#: Directives that need an addressee and an infinitive to be a REQUEST ("told X to resign").
ADDRESSED_DIRECTIVES = _WORDS.words("addressed_directives")


#: Verbs whose object-plus-infinitive is a demanded deed ("urged Iran to stop").
DIRECTIVE_HEADS = _WORDS.words("directive_heads")


#: Prepositions whose object is what an event is about ("over the poisoning").
TOPIC_PREPS = _WORDS.words("topic_preps")


#: Prepositions whose object, under a noun, is what the noun is about ("involvement in the
#: poisoning", "an investigation into the attack", "in connection with the shooting",
#: "retaliation for the bombing"); under a verb they place an event ("killed in the clashes").
NOUN_TOPIC_PREPS = _WORDS.words("noun_topic_preps")


#: Verbs whose infinitive complement is a deed not done ("refused to release").
UNDONE_LEMMAS = _WORDS.words("undone_lemmas")


#: Verbs that keep someone "from" doing something ("blocked lawyers from visiting him").
KEEPING_FROM_LEMMAS = _WORDS.words("keeping_from_lemmas")


#: Reactions whose object may be an act coded earlier ("called Thursday's order tyranny").
REACTION_TYPES = {"ACCUSE", "REJECT", "PROTEST"}


#: Reactions for or against a deed, which act on the deed's doer ("welcomed a decision by X").
APPRAISAL_TYPES = REACTION_TYPES | {"SUPPORT"}


#: Verbs of accusing or claiming whose subject a denial in the same sentence answers.
CLAIM_LEMMAS = _WORDS.words("claim_lemmas")


#: Types whose target is what they are over or against.
GRIEVANCE_TYPES = {"ACCUSE", "PROTEST"}


#: Contest sense (events/contest.py, docs/events.md#contest-sense): words of a contest, score
#: shapes, words that make violence in a contest clause literal, and sports words telling only
#: when they crowd an article.
CONTEST_NOUNS = _WORDS.words("contest_nouns")
CONTEST_SCORE_PATTERNS = _WORDS.sequence("contest_score_patterns")
CONTEST_HARM_WORDS = _WORDS.words("contest_harm_words")
CONTEST_ARTICLE_WORDS = _WORDS.words("contest_article_words")
CONTEST_CROWD_WORDS = _WORDS.words("contest_crowd_words")
CONTEST_ADJECTIVES = _WORDS.words("contest_adjectives")

#: Types whose trigger words have a contest sense ("beat", "hit", "captured", "knocked out",
#: "stormed to the title", "fired a 65").
CONTEST_SENSE_TYPES = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE"}

#: Sectors whose violence or coercion is never a game: armed forces, police, rebels,
#: unidentified armed forces, intelligence services. A bare state standing for its national
#: team ("France defeated Croatia 4-2") has no sector.
ARMED_SECTORS = {"MIL", "COP", "REB", "UAF", "SPY", "INS"}
#: Sectors of authorities whose coercion is never a game when they act as an institution
#: ("Nigerian authorities jailed 52 members ... for playing in a football tournament"); a
#: person of these sectors may be a player the actors stage misread ("Nigerian striker X").
AUTHORITY_SECTORS = {"GOV", "JUD", "LEG"}
