"""Read inputs into articles. Every input ends as an Article or an InputFailure, never as
an exception that stops a batch and never silently dropped.

Readers are chosen by file suffix from :func:`readers` (the built-ins, plus any a package
registers under the ``tacitus.readers`` entry-point group, the same way). A reader takes a
path and yields Articles or InputFailures.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from ..model import Article, InputFailure

log = logging.getLogger(__name__)

Item = Article | InputFailure
ReaderFn = Callable[[Path, "ReadOptions"], Iterator[Item]]
STDIN = "-"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    max_bytes: int = 10_000_000
    date: object = None  # a datetime.date that overrides every article's date


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


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Item]:
    """One article per line: {"id", "text", "title", "date", "url"}; bad lines are failures."""
    import datetime as dt

    data = _read_bytes(path, options)
    if isinstance(data, InputFailure):
        yield data
        return
    text = decode_text(data, str(path))
    if isinstance(text, InputFailure):
        yield text
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(where, "invalid JSON line", exc.msg)
            continue
        if not isinstance(record, dict):
            yield InputFailure(where, "JSON line is not an object")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputFailure(where, "no text", "each line needs a non-empty \"text\" field")
            continue
        date = options.date
        if date is None and record.get("date"):
            try:
                date = dt.date.fromisoformat(str(record["date"])[:10])
            except ValueError:
                yield InputFailure(where, "bad date", f"{record['date']!r} is not YYYY-MM-DD")
                continue
        yield Article(
            id=str(record.get("id") or f"{path.stem}:{number}"),
            text=body,
            title=record.get("title"),
            date=date,
            source=where,
            url=record.get("url"),
        )


BUILTIN_READERS: tuple[Reader, ...] = (
    Reader("jsonl", (".jsonl", ".ndjson"), read_jsonl),
    Reader("text", (".txt", ".text", ""), read_text_file),
)


@functools.lru_cache(maxsize=1)
def readers() -> tuple[Reader, ...]:
    """Built-in readers plus readers registered by installed packages."""
    found = list(BUILTIN_READERS)
    for ep in entry_points(group="tacitus.readers"):
        try:
            found.insert(0, ep.load())
        except Exception as exc:  # a broken plugin must not break reading
            log.warning("reader plugin %s failed to load: %s", ep.name, exc)
    return tuple(found)


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    for reader in readers():
        if suffix in reader.suffixes:
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
