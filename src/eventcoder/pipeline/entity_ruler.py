"""Entity ruler fed from eventcoder's own gazetteer aliases and actor dictionaries.

Placed before spaCy's ``ner`` so that our data wins over the statistical model, which tags
rare places and transliterations ("Dashkesen", "Kelbacer") and some names ("Mevlüt
Çavuşoğlu") wrongly. Labels: GPE for states and capitals, NORP for demonyms, ORG for
international organisations, PERSON for known office-holders, GPE/LOC for the places stage's
aliases (``eventcoder.geo.aliases.entity_ruler_patterns``).

Only unambiguous patterns go in: full names of people (not bare surnames), country names and
metonym capitals, demonyms recognised by their ending, and IGO names. Country names that are
also common first names ("Georgia", "Jordan", "Chad") are left to the model. States, demonyms
and acronyms are matched as written ("Turkey", not "turkey"; "WHO", not "who") through a
second, case-sensitive PhraseMatcher; place aliases, people and IGO names on ``LOWER``. The
pattern list is built once per process (``ruler_patterns`` is cached).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from eventcoder.actors.data import ActorData, fold, load_actor_data
from eventcoder.geo.aliases import entity_ruler_patterns as place_patterns
from eventcoder.paths import word_lists

#: The word lists of data/pipeline/words.toml.
_WORDS = word_lists("pipeline")

# Demonym endings ("Armenian", "Azerbaijani", "Turkish", "Chinese"); country names that end
# like this ("Azerbaijan", "Oman") are the country's own name and are checked first.
_DEMONYM_ENDINGS = _WORDS.sequence("demonym_endings")


# Places whose names contain a country's name: listed so that the ruler's longest match keeps
# them whole ("New Jersey", not "New" + the Crown dependency "Jersey").
_LONGER_PLACE_NAMES = _WORDS.sequence("longer_place_names")


# Country names that are as often first names or parts of other names: the model decides.
_AMBIGUOUS_NAMES = _WORDS.words("ambiguous_names")
_LOWER_WORDS = _WORDS.words("lower_words")


def _proper_case(phrase: str) -> str:
    """'people's republic of china' -> "People's Republic of China"; 'u.s.' -> 'U.S.'."""
    if "." in phrase and len(phrase) <= 6:
        return phrase.upper()
    words = phrase.split()
    return " ".join(
        word if index and word in _LOWER_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and text.isupper() and len(letters) <= 6


def _phrase_pattern(label: str, text: str, source: str) -> dict:
    # Acronyms are matched as written: "WHO" the organisation, never the pronoun "who".
    return {"label": label, "pattern": text, "id": source, "cased": _is_acronym(text)}


def _actor_patterns(data: ActorData) -> list[dict]:
    patterns: list[dict] = [
        {"label": "GPE", "pattern": name, "id": "place:longer-name"} for name in _LONGER_PLACE_NAMES
    ]
    country_names = {fold(name): code for code, name in data.countries.items()}
    for key, state in data.states.items():
        if (len(key) <= 3 and key not in country_names) or key in _AMBIGUOUS_NAMES:
            continue  # "us", "uk", "Georgia Stevens": left to the model, which sees context
        label = None
        if state.metonym_sector or key in country_names:
            label = "GPE"
        elif key.endswith(_DEMONYM_ENDINGS) and fold(data.name_of(state.code)) != key:
            label = "NORP"
        if label:
            # Proper names as written: "Turkey" the state, not "turkey" the bird.
            forms = {_proper_case(key), *data.surface_forms.get(key, ())}
            if key in country_names:
                forms.add(data.name_of(state.code))
            patterns.extend(
                {"label": label, "pattern": form, "id": f"state:{state.code}", "cased": True}
                for form in forms
            )
    for key, code in data.igos.items():
        forms = data.surface_forms.get(key) or {key}
        for form in forms:
            if len(form) > 3 or _is_acronym(form):
                patterns.append(_phrase_pattern("ORG", form, f"igo:{code}"))
    seen: set[str] = set()
    for key, people in data.people.items():
        if " " not in key or len(people) != 1 or people[0].terms[0].source != "curated":
            continue  # full names of curated people only: Phoenix's 25k names are too noisy
        for form in data.surface_forms.get(key, {key}):
            if form not in seen:
                seen.add(form)
                patterns.append({"label": "PERSON", "pattern": form, "id": f"person:{key}"})
    return patterns


@lru_cache(maxsize=1)
def ruler_patterns() -> tuple[dict, ...]:
    """Every pattern for the ruler: places first, so a place alias wins a tie."""
    return (*place_patterns(), *_actor_patterns(load_actor_data()))


class CasedEntityRuler(EntityRuler):
    """An EntityRuler on LOWER plus a second, case-sensitive PhraseMatcher for acronyms.

    spaCy's own answer for case-sensitive phrases is token patterns (``ORTH``) in the ruler's
    ``Matcher``, which is ~50x slower here than a PhraseMatcher over the same strings.
    """

    def __init__(self, nlp: Language, name: str, **kwargs) -> None:
        super().__init__(nlp, name=name, **kwargs)
        self.cased_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")

    def add_phrase_patterns(self, patterns: list[dict], *, cased: bool = False) -> None:
        """Add phrase patterns, tokenized only; ``cased`` ones go to the ORTH matcher.

        spaCy's ``add_patterns`` runs every pipe before the ruler (tagger, parser, ...) over
        each phrase when the ruler is built, annotation a LOWER or ORTH matcher never reads:
        that made building this ruler about ten times slower for the very same matches.
        """
        matcher = self.cased_matcher if cased else self.phrase_matcher
        texts = [entry["pattern"] for entry in patterns]
        for entry, pattern in zip(patterns, self.nlp.tokenizer.pipe(texts), strict=True):
            label = self._create_label(entry["label"], entry["id"])
            key = self.matcher._normalize_key(label)
            self._ent_ids[key] = (entry["label"], entry["id"])
            if not cased:
                self.phrase_patterns[label].append(pattern)
            matcher.add(label, [pattern])

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        matches = set(super().match(doc))
        matches.update((m_id, start, end) for m_id, start, end in self.cased_matcher(doc))
        return sorted(matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


@Language.factory(
    "eventcoder_entity_ruler",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
)
def make_entity_ruler(nlp: Language, name: str) -> CasedEntityRuler:
    ruler = CasedEntityRuler(nlp, name=name, phrase_matcher_attr="LOWER", overwrite_ents=True)
    patterns = ruler_patterns()
    ruler.add_phrase_patterns([p for p in patterns if not p.get("cased")])
    ruler.add_phrase_patterns([p for p in patterns if p.get("cased")], cased=True)
    return ruler
