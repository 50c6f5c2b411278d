"""Readers for collections and web formats: CSV, HTML pages, WARC files, RSS/Atom feeds.

Each yields Articles or InputFailures, one per record it was given (a row, a page, a WARC
response, a feed item), so nothing is lost without a reason. Main text, title, date and URL
of HTML come from trafilatura; WARC records are read with warcio.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator
from pathlib import Path

from ..model import Article, InputFailure
from .readers import Item, ReadOptions, _read_bytes, parse_date, record_article

log = logging.getLogger(__name__)

MIN_HTML_TEXT = 25  # characters: less is a navigation page or an error page, not an article


# ---------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------


def read_csv(path: Path, options: ReadOptions) -> Iterator[Item]:
    """One article per row; a header row names the columns (map them with `columns`)."""
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    csv.field_size_limit(max(options.max_bytes * 2, 131072))
    try:
        handle = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as exc:
        yield InputFailure(str(path), "cannot read file", exc.strerror)
        return
    with handle:
        try:
            reader = csv.DictReader(handle, delimiter=delimiter)
            if not reader.fieldnames:
                yield InputFailure(str(path), "empty file")
                return
            for record in reader:
                where = f"{path}:{reader.line_num}"
                if None in record:
                    yield InputFailure(where, "CSV row has more fields than the header")
                    continue
                yield record_article(record, where, f"{path.stem}:{reader.line_num}", options)
        except UnicodeDecodeError as exc:
            yield InputFailure(str(path), "not valid UTF-8", f"at byte {exc.start} of a read block; "
                               "convert the file to UTF-8 (rows before it were read)")
        except csv.Error as exc:
            yield InputFailure(f"{path}:{reader.line_num}", "malformed CSV", str(exc))


# ---------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------


def html_article(html: bytes | str, source: str, options: ReadOptions, *, url: str | None = None,
                 fallback_date=None) -> Item:
    """The main text of an HTML page as an Article (title, date, URL from its metadata)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        return InputFailure(source, "HTML could not be parsed", repr(exc))
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text) < MIN_HTML_TEXT:
        return InputFailure(source, "no main text found in HTML",
                            f"{len(text)} characters of main text" if text else None)
    date = options.date or parse_date(getattr(doc, "date", None)) or fallback_date
    return Article(
        id=Path(source).stem if url is None else url,
        text=text,
        title=getattr(doc, "title", None),
        date=date,
        source=source,
        url=getattr(doc, "url", None) or url,
    )


def read_html(path: Path, options: ReadOptions) -> Iterator[Item]:
    data = _read_bytes(path, options)
    if isinstance(data, InputFailure):
        yield data
        return
    if not data.strip():
        yield InputFailure(str(path), "empty file")
        return
    if b"\x00" in data[:8192]:
        yield InputFailure(str(path), "binary file (contains NUL bytes), not HTML")
        return
    yield html_article(data, str(path), options)


# ---------------------------------------------------------------------------------------
# WARC
# ---------------------------------------------------------------------------------------


def _warc_text_record(record, source: str, url: str | None, options: ReadOptions, fallback_date) -> Item:
    data = record.content_stream().read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return InputFailure(source, "record too large", f"more than {options.max_bytes} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return InputFailure(source, "not valid UTF-8")
    if not text.strip():
        return InputFailure(source, "empty record")
    return Article(id=url or source, text=text, date=options.date or fallback_date, source=source, url=url)


def read_warc(path: Path, options: ReadOptions) -> Iterator[Item]:
    """HTML responses (and WET text conversions) of a WARC file, one article each.

    Request, metadata and warcinfo records are not articles and are passed over; a
    response that is not HTML is recorded as a failure with its content type.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputFailure(str(path), "cannot read file", exc.strerror)
        return
    with handle:
        number = 0
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type not in ("response", "resource", "conversion"):
                    continue
                number += 1
                yield _warc_item(record, f"{path}#{number}", options)
        except ArchiveLoadFailed as exc:
            yield InputFailure(f"{path}#{number + 1}", "not a readable WARC record", str(exc))
        except (OSError, EOFError, ValueError) as exc:
            yield InputFailure(f"{path}#{number + 1}", "WARC file is truncated or corrupt", repr(exc))
    if number == 0:
        yield InputFailure(str(path), "no response records in WARC file")


def _warc_item(record, source: str, options: ReadOptions) -> Item:
    url = record.rec_headers.get_header("WARC-Target-URI")
    fallback_date = parse_date(record.rec_headers.get_header("WARC-Date"))
    if record.rec_type == "response" and record.http_headers is not None:
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    else:
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    if "html" in content_type:
        data = record.content_stream().read(options.max_bytes + 1)
        if len(data) > options.max_bytes:
            return InputFailure(source, "record too large", f"more than {options.max_bytes} bytes")
        return html_article(data, source, options, url=url, fallback_date=fallback_date)
    if content_type.startswith("text/plain"):
        return _warc_text_record(record, source, url, options, fallback_date)
    return InputFailure(source, "not an HTML page", f"content type {content_type or 'unknown'} ({url})")


# ---------------------------------------------------------------------------------------
# RSS / Atom feeds
# ---------------------------------------------------------------------------------------


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element, *names: str) -> str | None:
    for name in names:
        for child in element:
            if _local(child.tag) == name:
                if name == "link" and child.get("href"):
                    return child.get("href")
                value = "".join(child.itertext()).strip()
                if value:
                    return value
    return None


def _html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's description), paragraphs kept apart."""
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # malformed fragment: strip nothing, keep the words
        return fragment.strip()
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def read_feed(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom file, one article each."""
    from lxml import etree

    data = _read_bytes(path, options)
    if isinstance(data, InputFailure):
        yield data
        return
    if not data.strip():
        yield InputFailure(str(path), "empty file")
        return
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        root = etree.parse(io.BytesIO(data), parser).getroot()
    except etree.XMLSyntaxError as exc:
        yield InputFailure(str(path), "malformed XML", str(exc))
        return
    if _local(root.tag) not in ("rss", "feed", "rdf"):
        yield InputFailure(str(path), "XML that is not an RSS or Atom feed", f"root element <{_local(root.tag)}>")
        return
    items = [e for e in root.iter() if _local(e.tag) in ("item", "entry")]
    if not items:
        yield InputFailure(str(path), "feed has no items")
    for number, item in enumerate(items, start=1):
        yield _feed_article(item, f"{path}#{number}", options)


def _feed_article(item, source: str, options: ReadOptions) -> Item:
    body = _child_text(item, "encoded", "content", "description", "summary")
    text = _html_to_text(body) if body else ""
    if not text:
        return InputFailure(source, "feed item without text")
    raw_date = _child_text(item, "pubdate", "published", "updated", "date")
    url = _child_text(item, "link")
    return Article(
        id=_child_text(item, "guid", "id") or url or source,
        text=text,
        title=_child_text(item, "title"),
        date=options.date or parse_date(raw_date),
        source=source,
        url=url,
    )
