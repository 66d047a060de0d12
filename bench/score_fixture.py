"""Code the fixture article (published 2022-09-14) and print its full score against the gold.

Usage: python bench/score_fixture.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from eventcoder.evaluate.fixture import format_score, score_fixture
from eventcoder.pipeline import Pipeline
from eventcoder.read import clean, read_file

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    fixture = args.shared / "fixtures" / "karabakh_2022-09_aa_analysis.txt"
    gold = json.loads(fixture.with_suffix(".gold.json").read_text(encoding="utf-8"))
    (article,) = read_file(str(fixture), dt.date(2022, 9, 14))
    coded = Pipeline().code(clean(article))
    print(format_score(score_fixture(coded, gold), coded))


if __name__ == "__main__":
    main()
