"""Cross-article deduplication: event mentions that report the same event form one cluster.

Two mentions MATCH when they have the same PLOVER type, the same source-actor code set, the
same target-actor code set, the same modality (negated / future / hypothetical), effective
dates at most ``window_days`` apart (or both unknown), and compatible places: both unknown,
at most ``distance_km`` apart, or one placed only in a whole country (GeoNames PCL*) and the
other unknown or in that same country (a country-level place says nothing more precise).
A headline mention (``section = 'title'``) summarises its own article's body: against a
mention of the same article, its unknown place is compatible with any place and its
publication-date fallback (precision ``none``) with any date, so "Journalist shot dead in
Mogadishu" and the body's "was shot dead by gunmen on Sunday outside his home" are one event.

Mentions from DIFFERENT articles must also agree positively, because sharing a type and a dyad
is common and says little ("the US agreed", "police arrested"): their effective dates are both
known and within the window, or their places are both known and compatible. And an event with
one participant (no source or no target) that has no date of its own never merges across
articles: without a counterpart and a date there is nothing to tell two such reports apart.
An event is a connected component of the match graph (single linkage). Each new mention is
compared with every stored mention of its block, so the components, and the event ids derived
from the smallest mention id in each component, are the same whatever order or batching the
articles were ingested in.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb

#: Great-circle distance in km between (a.lat, a.lon) and (b.lat, b.lon), on a 6371 km sphere.
_HAVERSINE_KM = """
    2 * 6371.0 * asin(sqrt(
        pow(sin(radians(b.lat - a.lat) / 2), 2)
        + cos(radians(a.lat)) * cos(radians(b.lat)) * pow(sin(radians(b.lon - a.lon) / 2), 2)
    ))
"""


def event_id_for(smallest_mention_id: str) -> str:
    return "e" + hashlib.sha256(smallest_mention_id.encode()).hexdigest()[:16]


def recluster(
    con: duckdb.DuckDBPyConnection,
    new_mention_ids: list[str],
    *,
    window_days: int,
    distance_km: float,
    now: dt.datetime,
) -> None:
    """Merge the new mentions into event clusters and rewrite the events they touch.

    Runs inside the caller's transaction. New mentions carry their own id as ``event_id``.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE new_mentions (id VARCHAR PRIMARY KEY)")
    con.executemany("INSERT INTO new_mentions VALUES (?)", [[m] for m in new_mention_ids])
    pairs = con.execute(
        f"""
        SELECT a.id, b.event_id
        FROM mentions a
        JOIN new_mentions n ON n.id = a.id
        JOIN mentions b
          ON b.event_type = a.event_type
         AND b.source_key = a.source_key
         AND b.target_key = a.target_key
         AND b.modality_key = a.modality_key
         AND b.id <> a.id
        WHERE ((a.effective_date IS NULL AND b.effective_date IS NULL)
               OR abs(date_diff('day', a.effective_date, b.effective_date)) <= ?
               OR (a.document_id = b.document_id
                   AND ((a.section = 'title' AND a.date_precision = 'none')
                        OR (b.section = 'title' AND b.date_precision = 'none'))))
          AND ((a.lat IS NULL AND b.lat IS NULL)
               OR (a.location_precision = 'country' AND (b.lat IS NULL OR b.country = a.country))
               OR (b.location_precision = 'country' AND (a.lat IS NULL OR a.country = b.country))
               OR ({_HAVERSINE_KM}) <= ?
               OR (a.document_id = b.document_id
                   AND ((a.section = 'title' AND a.lat IS NULL)
                        OR (b.section = 'title' AND b.lat IS NULL))))
          AND (a.document_id = b.document_id
               OR ((a.effective_date IS NOT NULL AND b.effective_date IS NOT NULL)
                   OR (a.lat IS NOT NULL AND b.lat IS NOT NULL))
                  AND NOT ((a.source_key = '' OR a.target_key = '')
                           AND (a.date IS NULL OR b.date IS NULL)))
        """,
        [window_days, distance_km],
    ).fetchall()

    # Union-find over cluster ids: every new mention starts as its own cluster.
    parent: dict[str, str] = {m: m for m in new_mention_ids}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for new_id, other_cluster in pairs:
        root_a, root_b = find(new_id), find(other_cluster)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    groups: dict[str, list[str]] = {}
    for cluster in list(parent):
        groups.setdefault(find(cluster), []).append(cluster)

    # old cluster id (a mention's current event_id) -> the component it now belongs to
    con.execute("CREATE OR REPLACE TEMP TABLE cluster_map (old_id VARCHAR, component VARCHAR)")
    con.executemany(
        "INSERT INTO cluster_map VALUES (?, ?)",
        [[old, root] for root, members in groups.items() for old in members],
    )
    # The new id is derived from the component's smallest mention id, so it does not depend
    # on which clusters happened to exist before this batch.
    smallest = con.execute(
        """
        SELECT cm.old_id, min(m.id) OVER (PARTITION BY cm.component)
        FROM cluster_map cm JOIN mentions m ON m.event_id = cm.old_id
        """
    ).fetchall()
    new_ids = {old: event_id_for(small) for old, small in smallest}
    con.execute("CREATE OR REPLACE TEMP TABLE cluster_ids (old_id VARCHAR, new_id VARCHAR)")
    con.executemany("INSERT INTO cluster_ids VALUES (?, ?)", [[o, n] for o, n in new_ids.items()])

    con.execute("DELETE FROM events WHERE id IN (SELECT old_id FROM cluster_ids)")
    con.execute("DELETE FROM events WHERE id IN (SELECT new_id FROM cluster_ids)")
    # Only mentions whose cluster id changes are rewritten. A stored cluster that a new
    # mention joins usually keeps its id (its smallest mention is still the smallest);
    # rewriting its members anyway made each batch rewrite a number of old rows that grows
    # with the cluster sizes (event_id is indexed, so DuckDB turns each such update into a
    # delete and an insert). Same store contents either way.
    con.execute(
        """
        UPDATE mentions SET event_id = c.new_id
        FROM cluster_ids c WHERE mentions.event_id = c.old_id AND c.old_id <> c.new_id
        """
    )
    rebuild_events(con, "SELECT DISTINCT new_id FROM cluster_ids", now=now)


def rebuild_events(con: duckdb.DuckDBPyConnection, ids_query: str, *, now: dt.datetime) -> None:
    """(Re)write the ``events`` rows of the clusters whose ids ``ids_query`` selects."""
    con.execute(
        f"""
        INSERT INTO events
        WITH member AS (
            SELECT m.*, d.outlet, d.published, d.id AS doc_id
            FROM mentions m JOIN documents d ON d.id = m.document_id
            WHERE m.event_id IN ({ids_query})
        ),
        place_votes AS (
            SELECT event_id, location_name, country, admin1, lat, lon, geonameid,
                   row_number() OVER (
                       PARTITION BY event_id
                       ORDER BY (location_precision = 'country'), count(*) DESC,
                                location_name, lat, lon
                   ) AS rank
            FROM member WHERE lat IS NOT NULL
            GROUP BY event_id, location_name, country, admin1, lat, lon, geonameid,
                     location_precision
        ),
        mode_votes AS (
            SELECT event_id, mode,
                   row_number() OVER (PARTITION BY event_id ORDER BY count(*) DESC, mode) AS rank
            FROM member WHERE mode IS NOT NULL
            GROUP BY event_id, mode
        ),
        firsts AS (
            SELECT event_id,
                   arg_min(doc_id, (coalesce(published, DATE '9999-12-31'), doc_id))
                       AS first_document_id,
                   min(published) AS first_published
            FROM member GROUP BY event_id
        ),
        agg AS (
            SELECT event_id,
                   any_value(event_type) AS event_type,
                   any_value(quad_class) AS quad_class,
                   any_value(source_key) AS source_key,
                   any_value(target_key) AS target_key,
                   bool_or(negated) AS negated,
                   bool_or(future) AS future,
                   bool_or(hypothetical) AS hypothetical,
                   min(effective_date) AS date,
                   max(effective_date) AS date_end,
                   CASE max(CASE date_precision WHEN 'day' THEN 3 WHEN 'month' THEN 2
                                                WHEN 'year' THEN 1 ELSE 0 END)
                        WHEN 3 THEN 'day' WHEN 2 THEN 'month' WHEN 1 THEN 'year'
                        ELSE 'none' END AS date_precision,
                   count(*) AS num_mentions,
                   count(DISTINCT document_id) AS num_articles,
                   count(DISTINCT coalesce(outlet, document_id)) AS num_sources,
                   count(*) FILTER (WHERE is_claim) AS num_claims,
                   max(confidence) AS confidence
            FROM member GROUP BY event_id
        )
        SELECT agg.event_id, agg.event_type, agg.quad_class, mv.mode,
               CASE WHEN agg.source_key = '' THEN []::VARCHAR[]
                    ELSE string_split(agg.source_key, '|') END,
               CASE WHEN agg.target_key = '' THEN []::VARCHAR[]
                    ELSE string_split(agg.target_key, '|') END,
               agg.source_key, agg.target_key,
               agg.negated, agg.future, agg.hypothetical,
               agg.date, agg.date_end, agg.date_precision,
               year(agg.date), month(agg.date),
               pv.location_name, pv.country, pv.admin1, pv.lat, pv.lon, pv.geonameid,
               agg.num_mentions, agg.num_articles, agg.num_sources, agg.num_claims,
               agg.confidence, f.first_document_id, f.first_published, ?
        FROM agg
        JOIN firsts f ON f.event_id = agg.event_id
        LEFT JOIN place_votes pv ON pv.event_id = agg.event_id AND pv.rank = 1
        LEFT JOIN mode_votes mv ON mv.event_id = agg.event_id AND mv.rank = 1
        """,
        [now],
    )
