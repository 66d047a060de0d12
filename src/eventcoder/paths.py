"""Where the package's data lives: one helper for every module that reads a data file.

Data files ship inside the package (``src/eventcoder/data/<stage>/...``, each folder with a
README naming the source and licence), so they are found relative to this file, wherever the
package is installed.
"""

from __future__ import annotations

from pathlib import Path

#: The package's data folder.
DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(*parts: str) -> Path:
    """The path of a data file or folder: ``data_path("store", "countries.tsv")``."""
    return DATA_DIR.joinpath(*parts)


#: The bundled sample corpus (``data/sample/``), ingested by ``eventcoder demo``.
SAMPLE_FILES = (
    "karabakh_2022-09_aa_analysis.json",
    "karabakh_2022-09_second_report.json",
    "news_sample.jsonl",
)


def sample_paths() -> list[str]:
    """Paths of the bundled sample inputs (inside the installed package)."""
    return [str(data_path("sample", name)) for name in SAMPLE_FILES]
