"""One export row per event: the events with their actors, mentions and places in one query,
and the ACLED and GDELT column layouts filled from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from eventcoder.models import QUAD_CLASS
from eventcoder.store import review
from eventcoder.store.db import Store
from eventcoder.store.mappings import (
    ACLED_INTER,
    GDELT_QUAD,
    acled_disorder,
    acled_type,
    cameo_code,
    countries,
    goldstein_by_root,
)

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip


_DETAILS_SQL = """
WITH actor_stats AS (
    SELECT m.event_id, ma.role, ma.code,
           mode(nullif(ma.sector, '')) AS sector,
           mode(nullif(ma.name, '')) AS name
    FROM mention_actors ma JOIN mentions m ON m.id = ma.mention_id
    GROUP BY m.event_id, ma.role, ma.code
),
actors AS (
    SELECT event_id,
           list(struct_pack(code := code, sector := sector, name := name) ORDER BY code)
               FILTER (WHERE role = 'actor') AS actors,
           list(struct_pack(code := code, sector := sector, name := name) ORDER BY code)
               FILTER (WHERE role = 'recipient') AS recipients
    FROM actor_stats GROUP BY event_id
),
mention_info AS (
    SELECT m.event_id,
           list(DISTINCT d.outlet ORDER BY d.outlet) FILTER (WHERE d.outlet IS NOT NULL)
               AS outlets,
           arg_min(d.url, (coalesce(d.published, DATE '9999-12-31'), m.id))
               FILTER (WHERE d.url IS NOT NULL) AS first_url,
           arg_min(m.sentence, (coalesce(d.published, DATE '9999-12-31'), m.id)) AS sentence,
           min(m.sentence_index) AS first_sentence_index,
           list(DISTINCT c) FILTER (WHERE c IS NOT NULL) AS contexts,
           bool_or(m.is_claim) AS any_claim
    FROM mentions m
    JOIN documents d ON d.id = m.document_id
    LEFT JOIN (SELECT id, unnest(context) AS c FROM mentions) mc ON mc.id = m.id
    GROUP BY m.event_id
),
features AS (
    SELECT geonameid, any_value(feature_code) AS feature_code
    FROM places WHERE geonameid IS NOT NULL GROUP BY geonameid
)
SELECT e.*, a.actors, a.recipients, mi.outlets, mi.first_url, mi.sentence,
       mi.first_sentence_index, mi.contexts, f.feature_code,
       rv.has_source AS reviewed_has_source, rv.source AS reviewed_source,
       rv.has_target AS reviewed_has_target, rv.target AS reviewed_target
FROM {relation} e
LEFT JOIN event_reviews rv ON rv.event_id = e.id
LEFT JOIN actors a ON a.event_id = e.id
LEFT JOIN mention_info mi ON mi.event_id = e.id
LEFT JOIN features f ON f.geonameid = e.geonameid
ORDER BY e.date NULLS LAST, e.id
"""


def iter_event_details(store: Store, view: str = "reviewed") -> Iterator[dict[str, Any]]:
    """Every event with its actors, outlets and first report, in ``view`` (reviewed or raw).

    In the reviewed view, corrected actors replace the machine's (``store/review.py``).
    """
    cursor = store.cursor().execute(
        _DETAILS_SQL.replace("{relation}", review.relation(store, view))
    )
    names = [d[0] for d in cursor.description]
    while rows := cursor.fetchmany(1000):
        for row in rows:
            event = dict(zip(names, row, strict=True))
            for side, key in (("source", "actors"), ("target", "recipients")):
                if event.pop(f"reviewed_has_{side}") and view == "reviewed":
                    event[key] = review.parse_actors(event[f"reviewed_{side}"])
                event.pop(f"reviewed_{side}")
            yield event


def _actor_label(actor: dict[str, Any]) -> str:
    name = actor.get("name") or countries().get(actor["code"], (0, actor["code"]))[1]
    return f"{name} ({actor['code']}{'/' + actor['sector'] if actor.get('sector') else ''})"


def _inter(actors: list[dict[str, Any]]) -> int | str:
    for actor in actors:
        if actor.get("sector") in ACLED_INTER:
            return ACLED_INTER[actor["sector"]]
    return 8 if actors else ""  # 8: external/other forces; blank: no actor


def _geo_precision(event: dict[str, Any]) -> int | str:
    if event["lat"] is None:
        return ""
    code = event.get("feature_code") or ""
    if code.startswith("PCL") or code in {"CONT", "RGN"}:
        return 3
    if code.startswith("ADM"):
        return 2
    return 1


def _time_precision(precision: str) -> int:
    return {"day": 1, "month": 3, "year": 3}.get(precision, 3)


def acled_row(event: dict[str, Any]) -> dict[str, Any]:
    actors = event["actors"] or []
    recipients = event["recipients"] or []
    target_sectors = {a["sector"] for a in recipients if a.get("sector")}
    acled_event, acled_sub = acled_type(event["event_type"], event["mode"], target_sectors)
    country = countries().get(event["country"] or "")
    date: dt.date | None = event["date"]
    inter1, inter2 = _inter(actors), _inter(recipients)
    tags = [f"plover:{event['event_type']}"]
    if event["mode"]:
        tags.append(f"mode:{event['mode']}")
    if event["num_claims"]:
        tags.append("claimed")
    for flag in ("negated", "future", "hypothetical"):
        if event[flag]:
            tags.append(flag)
    if event.get("review_status", "unreviewed") != "unreviewed":
        tags.append(f"review:{event['review_status']}")  # an analyst reviewed it
    return {
        "event_id_cnty": f"{event['country'] or 'XXX'}{event['id']}",
        "event_date": date.isoformat() if date else "",
        "year": date.year if date else "",
        "time_precision": _time_precision(event["date_precision"]),
        "disorder_type": acled_disorder(acled_event),
        "event_type": acled_event,
        "sub_event_type": acled_sub,
        "actor1": _actor_label(actors[0]) if actors else "",
        "assoc_actor_1": "; ".join(_actor_label(a) for a in actors[1:]),
        "inter1": inter1,
        "actor2": _actor_label(recipients[0]) if recipients else "",
        "assoc_actor_2": "; ".join(_actor_label(a) for a in recipients[1:]),
        "inter2": inter2,
        "interaction": int(f"{min(inter1, inter2)}{max(inter1, inter2)}")
        if inter1 != "" and inter2 != ""
        else (inter1 * 10 if inter1 != "" else ""),
        "civilian_targeting": "Civilian targeting"
        if acled_event == "Violence against civilians" or "CVL" in target_sectors
        else "",
        "iso": country[0] if country else "",
        "region": "",
        "country": country[1] if country else (event["country"] or ""),
        "admin1": event["admin1"] or "",
        "admin2": "",
        "admin3": "",
        "location": event["location_name"] or "",
        "latitude": event["lat"] if event["lat"] is not None else "",
        "longitude": event["lon"] if event["lon"] is not None else "",
        "geo_precision": _geo_precision(event),
        "source": "; ".join(event["outlets"] or []),
        "source_scale": "",
        "notes": event["sentence"] or "",
        "fatalities": "",
        "tags": "; ".join(tags),
        "timestamp": int(event["updated_at"].replace(tzinfo=dt.UTC).timestamp()),
    }


def _gdelt_actor(actors: list[dict[str, Any]]) -> dict[str, str]:
    if not actors:
        return {"Code": "", "Name": "", "CountryCode": "", "KnownGroupCode": "", "Type1Code": ""}
    actor = actors[0]
    code = actor["code"]
    is_country = len(code) == 3 and code.isalpha() and code in countries()
    sector = actor.get("sector") or ""
    return {
        "Code": code + sector,
        "Name": (actor.get("name") or countries().get(code, (0, code))[1]).upper(),
        "CountryCode": code if is_country else "",
        "KnownGroupCode": "" if is_country else code,
        "Type1Code": sector,
    }


def _gdelt_geo_type(event: dict[str, Any]) -> int | str:
    if event["lat"] is None:
        return 0
    code = event.get("feature_code") or ""
    if code.startswith("PCL"):
        return 1
    if code == "ADM1":
        return 5
    return 4


def gdelt_row(event: dict[str, Any]) -> dict[str, Any]:
    date: dt.date | None = event["date"]
    actors, recipients = event["actors"] or [], event["recipients"] or []
    contexts = set(event["contexts"] or [])
    if {a.get("sector") for a in actors + recipients} & {"MIL"}:
        contexts.add("military")  # armed forces on either side: conventional military force
    code = cameo_code(event["event_type"], event["mode"], contexts) or ""
    root = code[:2]
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    row.update(
        {
            "GlobalEventID": int(event["id"][1:16], 16),
            "Day": int(date.strftime("%Y%m%d")) if date else "",
            "MonthYear": int(date.strftime("%Y%m")) if date else "",
            "Year": date.year if date else "",
            "FractionDate": round(date.year + (date.timetuple().tm_yday - 1) / 365, 4)
            if date
            else "",
            "IsRootEvent": 1 if event["first_sentence_index"] == 0 else 0,
            "EventCode": code,
            "EventBaseCode": code,
            "EventRootCode": root,
            "QuadClass": GDELT_QUAD.get(QUAD_CLASS.get(event["event_type"], ""), ""),
            "GoldsteinScale": goldstein_by_root().get(root, ""),
            "NumMentions": event["num_mentions"],
            "NumSources": event["num_sources"],
            "NumArticles": event["num_articles"],
            "ActionGeo_Type": _gdelt_geo_type(event),
            "ActionGeo_FullName": ", ".join(
                x for x in (event["location_name"], event["admin1"]) if x
            ),
            "ActionGeo_CountryCode": event["country"] or "",
            "ActionGeo_ADM1Code": event["admin1"] or "",
            "ActionGeo_Lat": event["lat"] if event["lat"] is not None else "",
            "ActionGeo_Long": event["lon"] if event["lon"] is not None else "",
            "ActionGeo_FeatureID": event["geonameid"] or "",
            "DATEADDED": int(event["updated_at"].strftime("%Y%m%d%H%M%S")),
            "SOURCEURL": event["first_url"] or "",
        }
    )
    for prefix, group in (("Actor1", actors), ("Actor2", recipients)):
        for key, value in _gdelt_actor(group).items():
            row[f"{prefix}{key}"] = value
    return row
