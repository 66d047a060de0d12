"""The review views: the machine's events with the analysts' corrections applied, in SQL.

``mention_reviews`` (one row per reviewed mention: status and the latest value of each
corrected field), ``event_reviews`` (the same per deduplicated event), and the event relations
the queries read: ``reviewed_events`` and ``raw_events`` (see ``store/review.py`` for what a
correction is and how a status is replayed, and ``review.relation`` for which relation a
query reads). The schema (``store/schema.py``) creates them.
"""

from __future__ import annotations

from eventcoder.models import QUAD_CLASS

#: The fields of a mention an analyst can correct.
FIELDS = ("event_type", "mode", "source", "target", "date", "place")


#: The infix of a review key whose trigger offsets index the headline (``section = 'title'``):
#: ``doc:title:7-13``, where a body mention's key is ``doc:7-13``.
TITLE_KEY = "title:"


def mention_key_sql(alias: str = "m") -> str:
    """SQL for a mention's stable key (see the module docstring)."""
    return (
        f"({alias}.document_id || ':' || CASE WHEN {alias}.section = 'title' THEN '{TITLE_KEY}' "
        f"ELSE '' END || {alias}.trigger_start || '-' || {alias}.trigger_end)"
    )


def mention_key(
    document_id: str, trigger_start: int, trigger_end: int, section: str = "body"
) -> str:
    prefix = TITLE_KEY if section == "title" else ""
    return f"{document_id}:{prefix}{trigger_start}-{trigger_end}"


def _latest(field: str) -> str:
    return (
        f"arg_max(c.new_value, c.id) FILTER (WHERE c.field = '{field}') AS {field}, "
        f"max(c.id) FILTER (WHERE c.field = '{field}') AS {field}_at"
    )


def _quad_case(column: str) -> str:
    whens = " ".join(f"WHEN '{t}' THEN '{q}'" for t, q in QUAD_CLASS.items())
    return f"CASE {column} {whens} END"


def _codes_sql(column: str) -> str:
    """``'AZE/MIL,ARM'`` → ``['ARM', 'AZE']`` (sorted distinct codes, as events store them)."""
    return (
        f"list_sort(list_distinct(list_filter(list_transform(string_split({column}, ','), "
        "lambda x: split_part(trim(x), '/', 1)), lambda x: x <> '')))"
    )


_DATE_SQL = "TRY_CAST(CASE length(r.date) WHEN 4 THEN r.date || '-01-01' WHEN 7 THEN r.date || '-01' ELSE r.date END AS DATE)"  # noqa: E501

VIEWS: tuple[str, ...] = (
    f"""
    CREATE OR REPLACE VIEW mention_reviews AS
    SELECT m.id AS mention_id, m.event_id, c.mention_key,
           count(*) AS actions, max(c.id) AS last_id,
           CASE WHEN arg_max(c.action, c.id) = 'reject' THEN 'rejected'
                WHEN bool_or(c.action = 'correct') THEN 'corrected'
                ELSE 'accepted' END AS status,
           {", ".join(_latest(field) for field in FIELDS)}
    FROM (
        -- the key's trigger offsets as numbers: a plain equi-join on indexed-like columns,
        -- instead of building every mention's key string
        SELECT *,
               CAST(regexp_extract(mention_key, ':([0-9]+)-([0-9]+)$', 1) AS INTEGER) AS key_start,
               CAST(regexp_extract(mention_key, ':([0-9]+)-([0-9]+)$', 2) AS INTEGER) AS key_end,
               CASE WHEN regexp_matches(mention_key, ':{TITLE_KEY}[0-9]+-[0-9]+$')
                    THEN 'title' ELSE 'body' END AS key_section
        FROM corrections WHERE NOT undone
    ) c
    JOIN mentions m ON m.document_id = c.document_id AND m.trigger_start = c.key_start
                   AND m.trigger_end = c.key_end AND m.section = c.key_section
    GROUP BY m.id, m.event_id, c.mention_key
    """,
    f"""
    CREATE OR REPLACE VIEW event_reviews AS
    SELECT event_id,
           count(*) FILTER (WHERE status = 'rejected') AS rejected_mentions,
           CASE WHEN bool_or(status = 'corrected') OR bool_or(status = 'rejected')
                THEN 'corrected' ELSE 'accepted' END AS partial_status,
           {
        ", ".join(
            f"arg_max({field}, {field}_at) FILTER (WHERE {field}_at IS NOT NULL "
            f"AND status <> 'rejected') AS {field}, "
            f"bool_or({field}_at IS NOT NULL AND status <> 'rejected') AS has_{field}"
            for field in FIELDS
        )
    }
    FROM mention_reviews GROUP BY event_id
    """,
    f"""
    CREATE OR REPLACE VIEW reviewed_events_all AS
    SELECT e.* REPLACE (
               CASE WHEN r.has_event_type THEN r.event_type ELSE e.event_type END AS event_type,
               CASE WHEN r.has_event_type THEN {_quad_case("r.event_type")} ELSE e.quad_class END
                   AS quad_class,
               CASE WHEN r.has_mode THEN nullif(r.mode, '') ELSE e.mode END AS mode,
               CASE WHEN r.has_source THEN {_codes_sql("r.source")} ELSE e.source_codes END
                   AS source_codes,
               CASE WHEN r.has_target THEN {_codes_sql("r.target")} ELSE e.target_codes END
                   AS target_codes,
               CASE WHEN r.has_source THEN array_to_string({_codes_sql("r.source")}, '|')
                    ELSE e.source_key END AS source_key,
               CASE WHEN r.has_target THEN array_to_string({_codes_sql("r.target")}, '|')
                    ELSE e.target_key END AS target_key,
               CASE WHEN r.has_date THEN {_DATE_SQL} ELSE e.date END AS date,
               CASE WHEN r.has_date THEN {_DATE_SQL} ELSE e.date_end END AS date_end,
               CASE WHEN r.has_date THEN (CASE length(r.date) WHEN 4 THEN 'year'
                    WHEN 7 THEN 'month' WHEN 10 THEN 'day' ELSE 'none' END)
                    ELSE e.date_precision END AS date_precision,
               CASE WHEN r.has_date THEN year({_DATE_SQL}) ELSE e.year END AS year,
               CASE WHEN r.has_date THEN month({_DATE_SQL}) ELSE e.month END AS month,
               CASE WHEN r.has_place THEN json_extract_string(nullif(r.place, ''), '$.name')
                    ELSE e.location_name END AS location_name,
               CASE WHEN r.has_place THEN json_extract_string(nullif(r.place, ''), '$.country')
                    ELSE e.country END AS country,
               CASE WHEN r.has_place THEN json_extract_string(nullif(r.place, ''), '$.admin1')
                    ELSE e.admin1 END AS admin1,
               CASE WHEN r.has_place
                    THEN json_extract_string(nullif(r.place, ''), '$.lat')::DOUBLE
                    ELSE e.lat END AS lat,
               CASE WHEN r.has_place
                    THEN json_extract_string(nullif(r.place, ''), '$.lon')::DOUBLE
                    ELSE e.lon END AS lon,
               CASE WHEN r.has_place
                    THEN json_extract_string(nullif(r.place, ''), '$.geonameid')::BIGINT
                    ELSE e.geonameid END AS geonameid
           ),
           CASE WHEN r.rejected_mentions >= e.num_mentions THEN 'rejected'
                ELSE r.partial_status END AS review_status
    FROM events e JOIN event_reviews r ON r.event_id = e.id
    UNION ALL
    -- the unreviewed events as stored (most of them): no per-row CASE to evaluate
    SELECT e.*, 'unreviewed' AS review_status FROM events e
    WHERE e.id NOT IN (SELECT event_id FROM event_reviews)
    """,
    """
    CREATE OR REPLACE VIEW reviewed_events AS
    SELECT * FROM reviewed_events_all WHERE review_status <> 'rejected'
    """,
    """
    CREATE OR REPLACE VIEW raw_events AS
    SELECT e.*,
           CASE WHEN r.event_id IS NULL THEN 'unreviewed'
                WHEN r.rejected_mentions >= e.num_mentions THEN 'rejected'
                ELSE r.partial_status END AS review_status
    FROM events e LEFT JOIN event_reviews r ON r.event_id = e.id
    """,
)

#: The event relation each view reads.
EVENT_RELATIONS = {"reviewed": "reviewed_events", "raw": "raw_events"}
#: The same with every event, rejected ones too (the review queue lists rejected mentions).
QUEUE_RELATIONS = {"reviewed": "reviewed_events_all", "raw": "raw_events"}
