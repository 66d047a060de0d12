"""Entity ruler fed from eventcoder's own gazetteer aliases and actor dictionaries.

(Being built: see issue 2.) Placed before spaCy's ``ner`` so that rare places and
transliterations (Dashkesen, Kelbacer) get GPE/LOC labels instead of PERSON.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import EntityRuler


@Language.factory("eventcoder_entity_ruler")
def make_entity_ruler(nlp: Language, name: str) -> EntityRuler:
    ruler = EntityRuler(nlp, name=name, phrase_matcher_attr="LOWER", overwrite_ents=True)
    return ruler
