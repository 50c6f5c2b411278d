"""The statements that store one article, built once per store and reused for every article.

Ingestion writes a few dozen rows per article; building SQLAlchemy expressions for each one
would cost more than the writes themselves. These statements are constructed once, with
bound parameters, and executed with plain dicts (executemany where there are several rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..ingest import dedupe as minhash
from .dedupe import ClusterOptions, best_match, day_number, sentence_similarity, shift_day
from .schema import actors, article_bands, articles, events, places, quotes


def _dialect_insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


class Statements:
    """Prepared write statements for one database dialect."""

    def __init__(self, dialect: str) -> None:
        same = "IS" if dialect == "sqlite" else "IS NOT DISTINCT FROM"
        insert = _dialect_insert(dialect)
        self.article = (
            insert(articles).on_conflict_do_nothing(index_elements=["content_hash"]).returning(articles.c.id)
        )
        self.events = events.insert().returning(events.c.id, sort_by_parameter_order=True)
        self.quotes = quotes.insert()
        self.actors = actors.insert()
        self.places = places.insert()
        self.bands = article_bands.insert()
        self.candidates = sa.text(
            f"SELECT cluster_id, text FROM events WHERE source_code {same} :source "
            f"AND target_code {same} :target AND root = :root AND day BETWEEN :low AND :high "
            "AND cluster_id IS NOT NULL ORDER BY id LIMIT :limit"
        )
        self.set_cluster = sa.text("UPDATE events SET cluster_id = :cluster WHERE id = :id")
        self.new_cluster = sa.text(
            "INSERT INTO clusters (id, first_day, last_day, num_mentions, num_sources, num_articles) "
            "VALUES (:id, :day, :day, 1, 1, 1)"
        )
        self.refresh_cluster = sa.text(
            "UPDATE clusters SET "
            "num_mentions = (SELECT count(*) FROM events WHERE cluster_id = :id), "
            "num_articles = (SELECT count(DISTINCT article_id) FROM events WHERE cluster_id = :id), "
            "num_sources = (SELECT count(DISTINCT coalesce(a.outlet, '#' || a.id)) FROM events e "
            "JOIN articles a ON a.id = e.article_id WHERE e.cluster_id = :id), "
            "first_day = (SELECT min(day) FROM events WHERE cluster_id = :id), "
            "last_day = (SELECT max(day) FROM events WHERE cluster_id = :id) "
            "WHERE id = :id"
        )
        terms = " OR ".join(f"(b.band = :b{i} AND b.bucket = :h{i})" for i in range(minhash.BANDS))
        self.near_candidates = sa.text(
            "SELECT DISTINCT a.id, a.minhash, a.near_duplicate_of FROM article_bands b "
            f"JOIN articles a ON a.id = b.article_id WHERE {terms} ORDER BY a.id"
        )
        self.set_minhash = sa.text(
            "UPDATE articles SET minhash = :minhash, near_duplicate_of = :original, "
            "near_duplicate_similarity = :similarity WHERE id = :id"
        ).bindparams(sa.bindparam("minhash", type_=sa.LargeBinary))


@dataclass
class _Placed:
    """An event of the article being stored, with the cluster it joined."""

    cluster_id: int
    row: dict


def assign_clusters(conn: Connection, st: Statements, new: list[tuple[int, dict]],
                    options: ClusterOptions) -> None:
    """Give each new event a cluster: an earlier report of the same event, or its own."""
    placed: list[_Placed] = []
    touched: set[int] = set()
    fresh: list[dict] = []
    for event_id, row in new:
        cluster_id = _matching_cluster(conn, st, row, placed, options)
        if cluster_id is None:
            cluster_id = event_id
            fresh.append({"id": event_id, "day": row["day"]})
        else:
            touched.add(cluster_id)
        placed.append(_Placed(cluster_id, row))
    conn.execute(st.set_cluster, [{"cluster": p.cluster_id, "id": event_id}
                                  for p, (event_id, _) in zip(placed, new, strict=True)])
    if fresh:
        conn.execute(st.new_cluster, fresh)
    for cluster_id in sorted(touched):
        conn.execute(st.refresh_cluster, {"id": cluster_id})


def _same_kind(a: dict, b: dict, window: int) -> bool:
    return (a["source_code"] == b["source_code"] and a["target_code"] == b["target_code"]
            and a["root"] == b["root"] and bool(a["day"]) and bool(b["day"])
            and abs(day_number(a["day"]) - day_number(b["day"])) <= window)


def _matching_cluster(conn: Connection, st: Statements, row: dict, placed: list[_Placed],
                      options: ClusterOptions) -> int | None:
    if not row["day"] or (row["source_code"] is None and row["target_code"] is None):
        return None
    # Earlier events of the same article (not yet visible to the query as clustered).
    for p in placed:
        if _same_kind(p.row, row, options.window_days) and sentence_similarity(p.row["text"], row["text"]) >= options.min_similarity:
            return p.cluster_id
    window = options.window_days
    candidates = conn.execute(st.candidates, {
        "source": row["source_code"], "target": row["target_code"], "root": row["root"],
        "low": shift_day(row["day"], -window), "high": shift_day(row["day"], window),
        "limit": options.max_candidates,
    }).all()
    return best_match(row["text"], [(c, t) for c, t in candidates], options)


def link_near_duplicate(conn: Connection, st: Statements, article_id: int, text: str) -> None:
    """Store the article's MinHash signature and link it to an earlier near-duplicate."""
    sig = minhash.signature(text)
    if sig is None:
        return
    buckets = minhash.band_buckets(sig)
    params = {}
    for band, bucket in buckets:
        params[f"b{band}"] = band
        params[f"h{band}"] = bucket
    best: tuple[float, int] | None = None
    for other_id, other_sig, other_original in conn.execute(st.near_candidates, params):
        if other_sig is None:
            continue
        score = minhash.similarity(sig, minhash.from_bytes(bytes(other_sig)))
        if score >= minhash.NEAR_DUPLICATE and (best is None or score > best[0]):
            best = (score, other_original or other_id)
    conn.execute(st.set_minhash, {
        "minhash": minhash.to_bytes(sig), "id": article_id,
        "original": best[1] if best else None, "similarity": best[0] if best else None,
    })
    conn.execute(st.bands, [{"article_id": article_id, "band": b, "bucket": h} for b, h in buckets])
