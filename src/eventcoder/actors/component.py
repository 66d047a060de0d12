"""spaCy component for the actors stage: writes ``doc._.actors`` and ``doc._.governments``
(the place names written as their government, :mod:`eventcoder.actors.metonymy`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.actors.metonymy import government_names
from eventcoder.actors.resolve import ActorResolver


class ActorsComponent:
    def __init__(self, nlp: Language | None = None) -> None:
        self.resolver = ActorResolver.from_package_data(nlp)

    def __call__(self, doc: Doc) -> Doc:
        document = doc._.document
        published = document.published if document is not None else None
        doc._.actors = self.resolver.resolve(doc, published)
        doc._.governments = government_names(doc)
        return doc


@Language.factory(
    "eventcoder_actors",
    assigns=["doc._.actors", "doc._.governments"],
    requires=["doc.ents", "token.dep"],
)
def make_actors_component(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent(nlp)
