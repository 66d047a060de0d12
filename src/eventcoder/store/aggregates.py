"""Aggregates for the web view's charts: timeline, actor network, map points.

They take the query layer's :class:`~eventcoder.store.query.EventFilter` and its WHERE clause
(:func:`~eventcoder.store.query.event_where`), so a chart always shows exactly the events the
table and ``eventcoder events`` show for the same filters. ``limit``/``offset``/``sort`` are
paging for lists and are ignored here: a chart shows every matching event.
"""

from __future__ import annotations

from typing import Any

from eventcoder.models import QUAD_CLASS
from eventcoder.store.db import Store
from eventcoder.store.query import EventFilter, event_where, events_relation, list_actors

QUAD_CLASSES: tuple[str, ...] = tuple(dict.fromkeys(QUAD_CLASS.values()))

#: Tie-break for an edge's colour: conflict first, as it is what analysts look for.
QUAD_PRIORITY: tuple[str, ...] = (
    "material_conflict",
    "verbal_conflict",
    "material_cooperation",
    "verbal_cooperation",
)

#: Most points the map gets: beyond this a browser struggles, and the filters should narrow.
MAX_POINTS = 50_000
#: Most actors in the network; the rest are summarised as ``omitted_actors``.
MAX_NODES = 150


def timeline(store: Store, event_filter: EventFilter | None = None) -> dict[str, Any]:
    """Events per day by quad class.

    An event is placed on its ``date``: the day the text gives, or — precision ``none`` —
    the store's stand-in, its first article's publication day (as GDELT does); those are
    counted in ``publication_dated``. Events known only to the month or year cannot be put on
    a day: they are counted in ``imprecise`` (undated ones in ``undated``) rather than piled
    onto the 1st.
    """
    where, params = event_where(event_filter or EventFilter())
    cur = store.cursor()
    rows = cur.execute(
        f"""
        SELECT e.date, e.quad_class, count(*) AS n
        FROM {events_relation(store, event_filter)} e
        WHERE {where} AND e.date IS NOT NULL AND e.date_precision IN ('day', 'none')
        GROUP BY e.date, e.quad_class ORDER BY e.date
        """,
        params,
    ).fetchall()
    days: dict[str, dict[str, Any]] = {}
    for day, quad, count in rows:
        key = day.isoformat()
        entry = days.setdefault(key, {"date": key, **dict.fromkeys(QUAD_CLASSES, 0), "total": 0})
        if quad in entry:
            entry[quad] += int(count)
        entry["total"] += int(count)
    undated, imprecise, publication_dated = cur.execute(
        f"""
        SELECT count(*) FILTER (WHERE e.date IS NULL),
               count(*) FILTER (WHERE e.date IS NOT NULL AND e.date_precision IN ('month', 'year')),
               count(*) FILTER (WHERE e.date IS NOT NULL AND e.date_precision = 'none')
        FROM {events_relation(store, event_filter)} e WHERE {where}
        """,
        params,
    ).fetchone() or (0, 0, 0)
    return {
        "quad_classes": list(QUAD_CLASSES),
        "days": list(days.values()),
        "undated": int(undated),
        "imprecise": int(imprecise),
        "publication_dated": int(publication_dated),
    }


def network(store: Store, event_filter: EventFilter | None = None) -> dict[str, Any]:
    """Who acts on whom: one node per actor code, one directed edge per (source, target) pair.

    An edge's weight is the number of events with that source and target; ``by_quad_class``
    splits it and ``quad_class`` is the class with the most events (ties: QUAD_PRIORITY).
    Self-loops are left out: a symmetric "clashes between A and B" lists both sides as source
    and target, and A→B plus B→A already carry that event.
    """
    f = event_filter or EventFilter()
    where, params = event_where(f)
    rows = (
        store.cursor()
        .execute(
            f"""
            WITH ev AS (SELECT e.id, e.quad_class, e.source_codes, e.target_codes
                        FROM {events_relation(store, event_filter)} e WHERE {where}),
            pairs AS (
                SELECT id, quad_class, s.code AS source, t.code AS target
                FROM ev, unnest(ev.source_codes) AS s(code), unnest(ev.target_codes) AS t(code)
            )
            SELECT source, target, quad_class, count(DISTINCT id) AS n
            FROM pairs WHERE source <> target
            GROUP BY source, target, quad_class
            ORDER BY source, target, quad_class
            """,
            params,
        )
        .fetchall()
    )
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for source, target, quad, count in rows:
        edge = edges.setdefault(
            (source, target),
            {
                "source": source,
                "target": target,
                "events": 0,
                "by_quad_class": dict.fromkeys(QUAD_CLASSES, 0),
            },
        )
        edge["events"] += int(count)
        if quad in edge["by_quad_class"]:
            edge["by_quad_class"][quad] += int(count)
    for edge in edges.values():
        counts = edge["by_quad_class"]
        # sorted() is stable, so ties keep QUAD_PRIORITY's order
        edge["quad_class"] = sorted(QUAD_PRIORITY, key=lambda q, c=counts: -c[q])[0]
    actors = list_actors(store, f, limit=100_000)
    connected = {code for pair in edges for code in pair}
    # keep the most active actors that take part in at least one edge
    nodes = [a for a in actors if a["code"] in connected][:MAX_NODES]
    kept = {a["code"] for a in nodes}
    kept_edges = [e for e in edges.values() if e["source"] in kept and e["target"] in kept]
    return {
        "quad_classes": list(QUAD_CLASSES),
        "nodes": [
            {
                "id": a["code"],
                "name": a.get("name") or a["code"],
                "events": int(a["num_events"]),
                "as_source": int(a["as_source"]),
                "as_target": int(a["as_target"]),
            }
            for a in nodes
        ],
        "edges": sorted(kept_edges, key=lambda e: (-e["events"], e["source"], e["target"])),
        "omitted_actors": len(connected - kept),
    }


def event_points(store: Store, event_filter: EventFilter | None = None) -> dict[str, Any]:
    """Located events as a GeoJSON FeatureCollection (``[lon, lat]``), for the map."""
    where, params = event_where(event_filter or EventFilter())
    cursor = store.cursor().execute(
        f"""
        SELECT e.id, e.event_type, e.quad_class, e.mode, e.date, e.date_precision,
               e.location_name, e.country, e.admin1, e.lat, e.lon,
               e.source_codes, e.target_codes, e.num_articles, e.num_mentions, e.num_claims
        FROM {events_relation(store, event_filter)} e
        WHERE {where} AND e.lat IS NOT NULL AND e.lon IS NOT NULL
        ORDER BY e.date NULLS LAST, e.id
        LIMIT ?
        """,
        [*params, MAX_POINTS + 1],
    )
    names = [d[0] for d in cursor.description]
    features = []
    for row in cursor.fetchall():
        record = dict(zip(names, row, strict=True))
        lat, lon = record.pop("lat"), record.pop("lon")
        if record["date"] is not None:
            record["date"] = record["date"].isoformat()
        features.append(
            {
                "type": "Feature",
                "id": record["id"],
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": record,
            }
        )
    unlocated = (
        store.cursor()
        .execute(
            f"SELECT count(*) FROM {events_relation(store, event_filter)} e "
            f"WHERE {where} AND e.lat IS NULL",
            params,
        )
        .fetchone()
    )
    return {
        "type": "FeatureCollection",
        "features": features[:MAX_POINTS],
        "truncated": len(features) > MAX_POINTS,
        "unlocated": int(unlocated[0]) if unlocated else 0,
    }
