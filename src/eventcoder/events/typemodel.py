"""The learned event-type model: scores the 16 PLOVER types for a trigger in its sentence.

The lexicon and the parse propose candidate events (a trigger token, its arguments); this model
then decides the type from the trigger's context, which a lexicon cannot see ("the ceasefire
brokered by X" is an AGREE, "promised a tough response" a THREATEN). It is a multinomial
logistic regression over sparse binary features of the spaCy parse the pipeline already has
(:func:`trigger_features`), trained by ``scripts/train_event_types.py`` on the NGEC-2025 silver
PLOVER quotes (see ``data/events/typemodel/DATA_CARD.md``). Inference is a sum of weight rows
in numpy: no scikit-learn at run time, no pickle.

How it is combined with the lexicon (:meth:`TypeModel.decide`, thresholds in ``model.json``,
key ``decision``):

- **switch**: the model's best type replaces the lexicon's when its probability is at least
  ``switch_min`` and beats the lexicon type's by ``switch_margin``;
- **veto**: a candidate whose lexicon type the model scores below ``veto_max`` while no other
  type is confident enough to switch is dropped: its context contradicts the lexicon and nothing
  better is known. The training data has no negative sentences, so this is the only no-event
  signal the model gives, and it is kept strict;
- **confirm**: a CAMEO-layer verb (broad: come, face, want...) that today needs both a source
  and a target may code with one participant when the model gives its type at least
  ``confirm_min``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from spacy.tokens import Span, Token

from eventcoder.errors import EventcoderError
from eventcoder.models import PLOVER_TYPES
from eventcoder.paths import data_path

#: Dependency labels whose children add nothing about the event type.
SKIPPED_CHILD_DEPS = frozenset({"punct", "det", "cc", "case", "dep", "space"})
#: Tokens either side of the trigger whose lemmas are the context features (see context_window).
CONTEXT_TOKENS = 8
#: Confidence factor of a candidate whose type the model gives probability 0 (see
#: TypeDecision.confidence_factor).
CONFIDENCE_FLOOR = 0.5
#: Auxiliaries and negation kept as modality features ("will", "could", "not").
MODAL_DEPS = frozenset({"aux", "auxpass", "neg"})


def model_dir() -> Path:
    return data_path("events", "typemodel")


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _content(token: Token) -> bool:
    return token.is_alpha and not token.is_stop


def trigger_features(token: Token, lexicon_type: str | None) -> list[str]:
    """Sparse binary features of a trigger in its sentence, as strings.

    The same function builds the training rows (``scripts/train_event_types.py``) and the
    run-time rows, so what the model learned is what it sees. Families: the trigger's lemma and
    part of speech; the lexicon's type for it (``lex=``, absent when no lexicon entry fired);
    its head and the dependency label that joins them; each child as ``dep:lemma`` (with the
    object of a preposition, "on:Ukraine", and the entity label of named children); modal and
    negation words; content lemmas of the trigger's phrase; the content lemmas and
    lemma bigrams of a quote-sized window around the trigger (:func:`context_window`).
    """
    lemma = _lemma(token)
    features = [f"t={lemma}", f"tp={token.pos_}", f"tl={token.pos_}:{lemma}"]
    if lexicon_type:
        features.append(f"lex={lexicon_type}")
    if token.dep_ != "ROOT":
        features.append(f"h={_lemma(token.head)}")
        features.append(f"hd={token.dep_}:{_lemma(token.head)}")
    else:
        features.append("root")
    for child in token.children:
        dep = child.dep_
        if dep in SKIPPED_CHILD_DEPS:
            continue
        if dep in MODAL_DEPS:
            features.append(f"m={child.lower_}")
            continue
        features.append(f"c={dep}:{_lemma(child)}")
        if child.ent_type_:
            features.append(f"ce={dep}:{child.ent_type_}")
        if dep == "prep":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    features.append(f"p={child.lower_}:{_lemma(grandchild)}")
        if dep in {"xcomp", "ccomp"}:
            features.append(f"x={dep}:{_lemma(child)}")
    head = token.head
    if token.dep_ in {"xcomp", "dobj", "pobj", "ccomp"} and head is not token:
        features.extend(f"hm={c.lower_}" for c in head.children if c.dep_ in MODAL_DEPS)
    phrase = {_lemma(t) for t in token.subtree if t is not token and _content(t)}
    features.extend(f"st={word}" for word in sorted(phrase))
    context = context_window(token)
    lemmas = [_lemma(t) for t in context if t.is_alpha]
    features.extend(f"s={word}" for word in sorted({_lemma(t) for t in context if _content(t)}))
    features.extend(f"b={first}_{second}" for first, second in sorted(set(pairwise(lemmas))))
    return features


def context_window(token: Token) -> Span:
    """The trigger's sentence cut to CONTEXT_TOKENS either side of it.

    The training quotes are short extracts around one event (14 words on average); a news
    sentence is often much longer and carries other topics ("... military aid to war-torn
    Mozambique"). Cutting the context to a quote-sized window keeps run-time features like the
    training ones.
    """
    sentence = token.sent
    start = max(sentence.start, token.i - CONTEXT_TOKENS)
    end = min(sentence.end, token.i + CONTEXT_TOKENS + 1)
    return token.doc[start:end]


@dataclass(frozen=True)
class DecisionThresholds:
    switch_min: float
    switch_margin: float
    veto_max: float
    confirm_min: float
    #: The switch thresholds for a generic-layer (CAMEO-derived) trigger, whose lexicon type is
    #: a guess from a broad verb ("crack" is ASSAULT in CAMEO; "cracked down on opponents" is
    #: COERCE): the model decides at a lower probability and margin there.
    generic_switch_min: float = 0.5
    generic_switch_margin: float = 0.2


@dataclass(frozen=True)
class TypeDecision:
    """What the model says about one candidate: the type to code (None: vetoed), the model's
    probability of that type (of its best type when vetoed) and of the lexicon's type."""

    event_type: str | None
    probability: float
    lexicon_probability: float
    confirmed: bool = False
    #: The model's probability of every type, for the coder's confidence when a phrase rule
    #: codes a type other than the decided one.
    type_probabilities: dict[str, float] = field(default_factory=dict)

    def probability_of(self, event_type: str) -> float:
        """The model's probability of ``event_type`` (0 when unknown)."""
        if event_type == self.event_type:
            return self.probability
        return self.type_probabilities.get(event_type, 0.0)

    @property
    def vetoed(self) -> bool:
        return self.event_type is None

    @property
    def confidence_factor(self) -> float:
        """Factor on the event's confidence: 1 when the model gives the coded type ≥ 0.5, down to
        CONFIDENCE_FLOOR as its probability falls to 0. On the held-out training quotes the
        lexicon's type is right 92% of the time when the model gives it ≥ 0.8, 54% at 0.4–0.6,
        26% at 0.2–0.4 and 10% at 0.05–0.2 (DATA_CARD.md)."""
        return min(1.0, CONFIDENCE_FLOOR + self.probability)


class TypeModel:
    """Linear PLOVER-type scorer: ``softmax(intercept + sum(weights[feature]))``."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        weights: np.ndarray,
        intercept: np.ndarray,
        types: tuple[str, ...],
        thresholds: DecisionThresholds,
    ) -> None:
        if weights.shape != (len(vocabulary), len(types)) or intercept.shape != (len(types),):
            raise EventcoderError(
                f"event-type model: weights {weights.shape} do not match "
                f"{len(vocabulary)} features × {len(types)} types"
            )
        unknown = set(types) - set(PLOVER_TYPES)
        if unknown:
            raise EventcoderError(f"event-type model: unknown types {sorted(unknown)}")
        self.vocabulary = vocabulary
        self.weights = weights
        self.intercept = intercept
        self.types = types
        self.type_index = {t: i for i, t in enumerate(types)}
        self.thresholds = thresholds

    @classmethod
    def load(cls, directory: Path | None = None) -> TypeModel:
        directory = directory or model_dir()
        meta_path, weights_path = directory / "model.json", directory / "weights.npz"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with np.load(weights_path, allow_pickle=False) as arrays:
                weights = arrays["weights"].astype(np.float32)
                intercept = arrays["intercept"].astype(np.float32)
        except (OSError, ValueError, KeyError) as exc:
            raise EventcoderError(
                f"{directory}: event-type model missing or unreadable ({exc}); rebuild it with "
                "python scripts/train_event_types.py"
            ) from exc
        vocabulary = {feature: i for i, feature in enumerate(meta["features"])}
        return cls(
            vocabulary,
            weights,
            intercept,
            tuple(meta["types"]),
            DecisionThresholds(**meta["decision"]),
        )

    # ------------------------------------------------------------------ scoring
    def probabilities(self, features: list[str]) -> np.ndarray:
        rows = [self.vocabulary[f] for f in features if f in self.vocabulary]
        logits = self.intercept + self.weights[rows].sum(axis=0) if rows else self.intercept
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def scores(self, token: Token, lexicon_type: str | None = None) -> dict[str, float]:
        """Probability of each PLOVER type for ``token`` as a trigger, best first."""
        probs = self.probabilities(trigger_features(token, lexicon_type))
        order = np.argsort(-probs)
        return {self.types[i]: float(probs[i]) for i in order}

    def decide(self, token: Token, lexicon_type: str, *, generic: bool = False) -> TypeDecision:
        """The type to code for a lexicon candidate (see the module doc for the rules);
        ``generic``: the trigger is from the CAMEO-derived layer (lower switch thresholds)."""
        probs = self.probabilities(trigger_features(token, lexicon_type))
        best = int(probs.argmax())
        best_p = float(probs[best])
        lexicon_index = self.type_index.get(lexicon_type)
        lexicon_p = float(probs[lexicon_index]) if lexicon_index is not None else 0.0
        rules = self.thresholds
        every = {t: float(p) for t, p in zip(self.types, probs, strict=True)}
        switch_min = rules.generic_switch_min if generic else rules.switch_min
        switch_margin = rules.generic_switch_margin if generic else rules.switch_margin
        if (
            self.types[best] != lexicon_type
            and best_p >= switch_min
            and best_p - lexicon_p >= switch_margin
        ):
            return TypeDecision(
                self.types[best], best_p, lexicon_p, best_p >= rules.confirm_min, every
            )
        if lexicon_p < rules.veto_max:
            return TypeDecision(None, best_p, lexicon_p, type_probabilities=every)
        return TypeDecision(
            lexicon_type, lexicon_p, lexicon_p, lexicon_p >= rules.confirm_min, every
        )


@lru_cache(maxsize=1)
def load_type_model() -> TypeModel:
    """The shipped model, loaded once per process."""
    return TypeModel.load()
