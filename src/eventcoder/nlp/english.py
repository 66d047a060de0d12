"""English closed-class words that several stages read the same way, written once.

Open-class word lists (trigger verbs, cue nouns, actor terms) are data files under
``data/``; what is here is grammar: the few function words whose meaning a stage's rule
depends on, shared so that two stages never disagree about them.
"""

from __future__ import annotations

from eventcoder.paths import word_lists

#: The word lists of data/nlp/words.toml.
_WORDS = word_lists("nlp")

#: Auxiliaries that put their verb in the future ("will", "shall", "'ll"; "wo" is the first
#: token of "won't" in spaCy's English tokenizer). Read by event modality and date resolution.
FUTURE_AUX = _WORDS.words("future_aux")
