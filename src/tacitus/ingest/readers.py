"""Read inputs into articles. Every input ends as an Article or an InputFailure, never as
an exception that stops a batch and never silently dropped.

Readers are chosen by file suffix from :func:`readers` (the built-ins, plus any a package
registers under the ``tacitus.readers`` entry-point group, the same way). A reader takes a
path and yields Articles or InputFailures.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from importlib.metadata import entry_points
from pathlib import Path

from ..errors import InputError
from ..model import Article, InputFailure

log = logging.getLogger(__name__)

Item = Article | InputFailure
ReaderFn = Callable[[Path, "ReadOptions"], Iterator[Item]]
STDIN = "-"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs. `max_bytes` limits one article (a file, a line, a record), not a
    whole JSONL, CSV or WARC collection. `columns` maps article fields (id, text, title,
    date, url, source) to the names of JSONL keys or CSV columns that hold them.
    """

    max_bytes: int = 10_000_000
    date: object = None  # a datetime.date that overrides every article's date
    columns: tuple[tuple[str, str], ...] = ()

    def column(self, field: str, default: str | tuple[str, ...]) -> tuple[str, ...]:
        """The key(s) to look up for `field`: the mapped one, else the usual names."""
        for name, column in self.columns:
            if name == field:
                return (column,)
        return (default,) if isinstance(default, str) else default


ARTICLE_FIELDS = ("id", "text", "title", "date", "url", "source")


def parse_columns(spec: str | None) -> tuple[tuple[str, str], ...]:
    """"text=body,date=published" → (("text", "body"), ("date", "published"))."""
    if not spec:
        return ()
    out = []
    for part in spec.split(","):
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column or field not in ARTICLE_FIELDS:
            raise InputError("--columns", f"bad mapping {part!r}",
                             f"write FIELD=COLUMN with FIELD one of {', '.join(ARTICLE_FIELDS)}")
        out.append((field, column))
    return tuple(out)


def parse_date(value) -> dt.date | None:
    """A date from ISO 8601 (date or date-time), RFC 822 ("Tue, 02 Mar 2021 …") or None."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    read: ReaderFn


def decode_text(data: bytes, source: str) -> str | InputFailure:
    """Bytes → text, or the reason they are not usable text."""
    if not data.strip():
        return InputFailure(source, "empty file")
    if b"\x00" in data[:8192]:
        return InputFailure(source, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputFailure(
            source,
            "not valid UTF-8",
            f"byte 0x{data[exc.start]:02x} at offset {exc.start}; convert the file to UTF-8",
        )
    if not text.strip():
        return InputFailure(source, "empty file")
    return text


def _read_bytes(path: Path, options: ReadOptions) -> bytes | InputFailure:
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return InputFailure(source, "no such file")
    except OSError as exc:
        return InputFailure(source, "cannot read file", exc.strerror)
    if size > options.max_bytes:
        return InputFailure(
            source,
            "file too large",
            f"{size / 1e6:.1f} MB > limit {options.max_bytes / 1e6:.1f} MB (setting max_bytes)",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        return InputFailure(source, "cannot read file", exc.strerror)


def read_text_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    """A plain-text article: the whole file; the first line is the title if short."""
    data = _read_bytes(path, options)
    if isinstance(data, InputFailure):
        yield data
        return
    text = decode_text(data, str(path))
    if isinstance(text, InputFailure):
        yield text
        return
    yield Article(
        id=path.stem, text=text, title=_title_of(text), date=options.date, source=str(path)
    )


def _title_of(text: str) -> str | None:
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    return first if 0 < len(first) <= 200 else None


def iter_lines(path: Path) -> Iterator[tuple[int, bytes] | InputFailure]:
    """Numbered lines of a file, read as a stream (collections may be far larger than memory)."""
    try:
        with path.open("rb") as handle:
            yield from enumerate(handle, start=1)
    except OSError as exc:
        yield InputFailure(str(path), "cannot read file", exc.strerror)


def record_article(record: dict, where: str, fallback_id: str, options: ReadOptions) -> Item:
    """An Article from a JSON object or CSV row, through the column mapping."""

    def get(field: str, default: str | tuple[str, ...]):
        for key in options.column(field, default):
            value = record.get(key)
            if value not in (None, ""):
                return value
        return None

    body = get("text", ("text", "body", "content", "article"))
    if not isinstance(body, str) or not body.strip():
        wanted = "/".join(options.column("text", ("text", "body", "content", "article")))
        return InputFailure(where, "no text", f"needs a non-empty {wanted} field (see --columns)")
    if len(body.encode("utf-8")) > options.max_bytes:
        return InputFailure(where, "article too large", f"more than {options.max_bytes} bytes")
    date = options.date
    raw_date = get("date", ("date", "published", "pubdate", "published_at"))
    if date is None and raw_date is not None:
        date = parse_date(raw_date)
        if date is None:
            return InputFailure(where, "bad date", f"{raw_date!r} is not a date (YYYY-MM-DD)")
    title = get("title", ("title", "headline"))
    url = get("url", ("url", "link"))
    return Article(
        id=str(get("id", ("id", "guid")) or fallback_id),
        text=body,
        title=str(title) if title is not None else None,
        date=date,
        source=str(get("source", ()) or where),
        url=str(url) if url is not None else None,
    )


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Item]:
    """One article per line (keys mapped by `columns`); each bad line is its own failure."""
    any_line = False
    for item in iter_lines(path):
        if isinstance(item, InputFailure):
            yield item
            return
        number, raw = item
        if not raw.strip():
            continue
        any_line = True
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            record = json.loads(line)
        except UnicodeDecodeError as exc:
            yield InputFailure(where, "not valid UTF-8", f"byte 0x{raw[exc.start]:02x} at offset {exc.start}")
            continue
        except json.JSONDecodeError as exc:
            yield InputFailure(where, "invalid JSON line", exc.msg)
            continue
        if not isinstance(record, dict):
            yield InputFailure(where, "JSON line is not an object")
            continue
        yield record_article(record, where, f"{path.stem}:{number}", options)
    if not any_line:
        yield InputFailure(str(path), "empty file")


def _builtin_readers() -> tuple[Reader, ...]:
    from .formats import read_csv, read_feed, read_html, read_warc

    return (
        Reader("jsonl", (".jsonl", ".ndjson"), read_jsonl),
        Reader("csv", (".csv", ".tsv"), read_csv),
        Reader("html", (".html", ".htm", ".xhtml"), read_html),
        Reader("warc", (".warc", ".warc.gz", ".arc", ".arc.gz"), read_warc),
        Reader("feed", (".rss", ".atom", ".xml"), read_feed),
        Reader("text", (".txt", ".text", ""), read_text_file),
    )


@functools.lru_cache(maxsize=1)
def readers() -> tuple[Reader, ...]:
    """Built-in readers plus readers registered by installed packages."""
    found = list(_builtin_readers())
    for ep in entry_points(group="tacitus.readers"):
        try:
            found.insert(0, ep.load())
        except Exception as exc:  # a broken plugin must not break reading
            log.warning("reader plugin %s failed to load: %s", ep.name, exc)
    return tuple(found)


def reader_for(path: Path) -> Reader:
    """The reader for a file, by its suffix (".warc.gz" before ".gz"); plain text otherwise."""
    name = path.name.lower()
    for reader in readers():
        if any(s and name.endswith(s) for s in reader.suffixes):
            return reader
    return next(r for r in readers() if r.name == "text")


def read_stdin(options: ReadOptions, stream=None) -> Iterator[Item]:
    stream = stream or sys.stdin.buffer
    data = stream.read()
    text = decode_text(data, "stdin")
    if isinstance(text, InputFailure):
        yield text
        return
    yield Article(id="stdin", text=text, title=_title_of(text), date=options.date, source="stdin")


def expand(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files named, and the files under directories named (recursively, sorted)."""
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not child.name.startswith("."):
                    yield child
        else:
            yield path


def read_inputs(paths: Iterable[str | Path], options: ReadOptions | None = None) -> Iterator[Item]:
    """Every article (or failure) from the paths given; "-" reads standard input."""
    options = options or ReadOptions()
    for path in expand(paths):
        if path == STDIN:
            yield from read_stdin(options)
            continue
        reader = reader_for(path)
        try:
            yield from reader.read(path, options)
        except Exception as exc:  # a reader bug must cost one input, not the batch
            log.exception("reader %s failed on %s", reader.name, path)
            yield InputFailure(str(path), f"reader {reader.name} failed", repr(exc))
