"""Read PETRARCH/Phoenix (TABARI-descended) dictionaries into Tacitus's typed dictionaries.

Five kinds of flat text file, all with ``#`` (and legacy ``;``) line comments and
``<!-- … -->`` comment blocks:

- **actors** (``Phoenix.Countries.actors.txt``): an entry ``NAME_WITH_UNDERSCORES [CODE]``,
  synonyms on ``+SYNONYM`` lines, further codes on indented lines, optionally date-bounded
  (``[CODE <YYMMDD]``, ``[CODE >YYMMDD]``, ``[CODE YYMMDD-YYMMDD]``) → :class:`ActorEntry`.
  A name ending in ``_`` matches that exact word; otherwise its last word is a stem
  ("ARGENTIN" finds Argentina and Argentine). Names must be capitalised in text.
- **agents** (``Phoenix.agents.txt``): ``TERM {PLURALS} [~GOV]`` (role after the actor code)
  or ``[NGO~]`` (before it), ``!PERSON! = MAN, MEN`` substitution sets → :class:`AgentEntry`.
  Agents match in any case.
- **verbs** (``CAMEO.2.0.txt``): synsets ``&NAME`` with ``+member`` lines, verb blocks
  ``--- NAME [code] ---`` with the verbs below and patterns ``- words * words [code]``
  → :class:`SequencePattern` (see :mod:`tacitus.events.patterns`).
- **discards** (``Phoenix.discards.txt``): phrases; ``+phrase`` discards the whole story.
- **issues** (``Phoenix.IssueCoding.txt``): ``phrase [CODE]`` with ``n:``/``v:``/``+``
  expansions, inside ``<ISSUE CATEGORY="…">`` blocks.

Every syntax error raises :class:`DictionaryError` with the file, line and what was expected;
with ``errors="skip"`` the loaders log the bad line, leave it out and go on (the Phoenix files
have a few: dates like ``9008223``, ``[~ENV}``, the codes ``080!``, ``176``, ``1213``,
``1952`` that are not in Tacitus's CAMEO list). Verb codes must be CAMEO event codes unless
``codes="any"`` (validation suites define their own, e.g. ``[345]``). Lines PETRARCH itself
ignores are left out with a logged note: patterns naming an undefined synset, TABARI's
``[+++]``/``[###]`` control codes, PETRARCH-2 ``~`` verb transformations.

What is not reproduced: the words of an actor name must be consecutive in the text
(PETRARCH lets other words come between words written with a blank), and discard phrases
match whole words (PETRARCH reads phrases without a final ``_`` as stems).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DictionaryError
from .actors import (
    CASE_ANY,
    CASE_TITLE,
    ROLE_CODES,
    ActorDictionary,
    ActorEntry,
    AgentEntry,
    DatedCode,
    Phrase,
)

log = logging.getLogger(__name__)

NULL_CODE = "---"
# TABARI control codes that are not event or actor codes: "+++" marked a "complex" event,
# "###" a discard. PETRARCH does not implement them; Tacitus reads them as "no code".
TABARI_CONTROL_CODES = frozenset({"+++", "###"})
# Words of a name that keep their case in running text ("Prince of Dol Amroth").
FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "for", "in", "on", "at", "to", "a", "an", "de", "del", "della", "der", "des", "di", "du", "da", "do", "dos", "la", "le", "les", "el", "al", "van", "von", "bin", "ibn", "bint", "abu", "y", "e", "et"]
)
# Leading chunks of CAMEO actor codes that are sectors, not countries.
NON_STATE_PREFIXES = ROLE_CODES | frozenset({"IGO", "NGO", "NGM", "MNC", "IMG", "INT", "UIS"})
MIN_STEM = 3


# ---------------------------------------------------------------------------------------
# Lines and comments
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a dictionary file with comments removed (leading whitespace kept)."""

    number: int
    text: str


def read_lines(path: Path) -> list[Line]:
    """The non-blank lines of a PETRARCH file, without comments.

    ``<!-- … -->`` may span lines; a line starting ``<!`` opens such a comment. ``#`` and
    ``;`` start a line comment unless they are inside ``[…]`` (``[###]`` is a code).
    """
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(str(path), None, f"cannot read the file: {exc.strerror}") from None
    lines: list[Line] = []
    in_block = False
    for number, text in enumerate(raw.splitlines(), start=1):
        text, in_block = _strip_block_comments(text, in_block)
        text = _strip_line_comment(text).rstrip()
        if text.strip():
            lines.append(Line(number, text))
    return lines


def _strip_block_comments(text: str, in_block: bool) -> tuple[str, bool]:
    out = []
    while text:
        if in_block:
            end = text.find("-->")
            if end < 0:
                return "".join(out), True
            text = text[end + 3 :]
            in_block = False
            continue
        start = text.find("<!")
        if start < 0:
            out.append(text)
            break
        out.append(text[:start])
        text = text[start + 2 :]
        in_block = True
    return "".join(out), in_block


def _strip_line_comment(text: str) -> str:
    if "#" not in text and ";" not in text:
        return text
    if "[" not in text:
        return re.split(r"[#;]", text, maxsplit=1)[0]
    depth = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch in "#;" and depth == 0:
            return text[:i]
    return text


def _fail(path: Path, line: Line | int | None, message: str) -> DictionaryError:
    number = line.number if isinstance(line, Line) else line
    return DictionaryError(str(path), number, message)


ERROR_POLICIES = ("raise", "skip")


@dataclass
class ReadReport:
    """What reading one dictionary file left out, and why: nothing is dropped silently.

    With ``errors="raise"`` (the default) a syntax error raises :class:`DictionaryError`;
    with ``errors="skip"`` the bad line or entry is logged, listed here and left out.
    Some lines are always left out with a note (TABARI control codes, patterns naming an
    undefined synset), as PETRARCH itself does.
    """

    path: Path
    errors: str = "raise"
    skipped: list[tuple[int | None, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.errors not in ERROR_POLICIES:
            raise ValueError(f"errors must be one of {ERROR_POLICIES}, not {self.errors!r}")

    def note(self, line: Line | None, why: str) -> None:
        number = line.number if line is not None else None
        self.skipped.append((number, why))
        log.warning("%s:%s: %s; left out", self.path, number, why)

    def error(self, exc: DictionaryError) -> None:
        """Raise `exc`, or record it when errors are skipped."""
        if self.errors == "raise":
            raise exc
        self.skipped.append((exc.line, str(exc)))
        log.warning("%s; left out", exc)


# ---------------------------------------------------------------------------------------
# Words and phrases
# ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=131072)
def word_tokens(word: str) -> tuple[str, ...]:
    """Lower-cased tokens of one dictionary word, split the way spaCy splits running text.

    Abbreviations with dots ("U.S.", "K.U.") are tokenized as written; other words in
    lower case, which is how spaCy's exceptions are keyed ("don't" → do, n't).
    """
    if word.isalnum():
        return (word.lower(),)  # the tokenizer keeps plain words whole
    from ..nlp import load

    surface = word if "." in word else word.lower()
    return tuple(t.text.lower() for t in load().tokenizer(surface) if not t.is_space)


def split_words(phrase: str) -> list[str]:
    """The words of a PETRARCH phrase, separated by blanks or underscores."""
    return [w for w in re.split(r"[\s_]+", phrase) if w]


def name_case(token: str) -> int:
    """Case rule for one token of an actor name: capitalised, unless a function word."""
    if token in FUNCTION_WORDS or not any(c.isalpha() for c in token):
        return CASE_ANY
    return CASE_TITLE


def make_phrase(key: str, written: str, *, form: str, cased: bool, stem: bool) -> Phrase | None:
    """A :class:`Phrase` for a written PETRARCH name.

    With `stem`, a last word not ending in ``_`` matches any word it begins (TABARI
    stems); words shorter than three letters always match exactly.
    """
    exact_end = written.rstrip().endswith("_")
    tokens: list[str] = []
    case: list[int] = []
    for word in split_words(written):
        pieces = word_tokens(word)
        tokens.extend(pieces)
        # only the first piece of a hyphenated word is capitalised ("Barad-dur")
        case.extend(name_case(t) if k == 0 else CASE_ANY for k, t in enumerate(pieces))
    if not tokens:
        return None
    last = tokens[-1]
    prefix = stem and not exact_end and len(last) >= MIN_STEM and last.isalpha()
    return Phrase(tokens=tuple(tokens), key=key, form=form, prefix=prefix, case=tuple(case) if cased else ())


def display_name(written: str) -> str:
    return " ".join(split_words(written))


# ---------------------------------------------------------------------------------------
# Codes and dates
# ---------------------------------------------------------------------------------------

_BRACKETS = re.compile(r"\[([^\]]*)\]")
_ACTOR_CODE = re.compile(r"^(?:[A-Za-z0-9]+(?:/[A-Za-z0-9]+)*|-{3}|\+{3}|#{3})$")
_RESTRICTION = re.compile(
    r"^(?:(?P<op>[<>])\s*(?P<date>\d+)|(?P<start>\d+)\s*-\s*(?P<end>\d+))$"
)
CODE_BLOCK_HELP = "expected [CODE], [CODE <YYMMDD], [CODE >YYMMDD] or [CODE YYMMDD-YYMMDD]"


def parse_date(text: str, path: Path, line: Line) -> dt.date:
    """A PETRARCH date: YYYYMMDD, or YYMMDD with 00–30 read as 20YY and 31–99 as 19YY."""
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    elif len(text) == 6:
        yy = int(text[:2])
        year, rest = (2000 + yy if yy <= 30 else 1900 + yy), text[2:]
    else:
        raise _fail(path, line, f"date {text!r}: expected YYMMDD or YYYYMMDD")
    try:
        return dt.date(year, int(rest[:2]), int(rest[2:]))
    except ValueError:
        raise _fail(path, line, f"date {text!r} is not a calendar date") from None


def parse_actor_code(content: str, path: Path, line: Line) -> DatedCode:
    """One ``[…]`` group of an actor entry: a code with an optional date restriction.

    The null code ``---`` (and TABARI's ``+++``/``###``) become an empty code: the name is
    known but codes as no actor in that period.
    """
    parts = content.strip().split(None, 1)
    if not parts or not _ACTOR_CODE.match(parts[0]):
        raise _fail(path, line, f"[{content.strip()}]: {CODE_BLOCK_HELP}")
    code = parts[0].upper()
    if code == NULL_CODE or code in TABARI_CONTROL_CODES:
        code = ""
    if len(parts) == 1:
        return DatedCode(code)
    match = _RESTRICTION.match(parts[1].strip())
    if match is None:
        raise _fail(path, line, f"[{content.strip()}]: {CODE_BLOCK_HELP}")
    if match.group("op") == "<":
        return DatedCode(code, end=parse_date(match.group("date"), path, line))
    if match.group("op") == ">":
        return DatedCode(code, start=parse_date(match.group("date"), path, line))
    start = parse_date(match.group("start"), path, line)
    end = parse_date(match.group("end"), path, line)
    if end < start:
        raise _fail(path, line, f"[{content.strip()}]: the interval ends before it starts")
    return DatedCode(code, start=start, end=end)


def _split_codes(text: str, path: Path, line: Line) -> tuple[str, list[str]]:
    """Split ``NAME [A] [B]`` into the name and the bracket contents."""
    if text.count("[") != text.count("]"):
        raise _fail(path, line, "unbalanced [ ]: " + CODE_BLOCK_HELP)
    first = text.find("[")
    name = text if first < 0 else text[:first]
    codes = _BRACKETS.findall(text[first:]) if first >= 0 else []
    rest = _BRACKETS.sub("", text[first:]).strip() if first >= 0 else ""
    if rest:
        raise _fail(path, line, f"unexpected text {rest!r} after the codes")
    return name.strip(), codes


# ---------------------------------------------------------------------------------------
# Actor dictionaries
# ---------------------------------------------------------------------------------------


@dataclass
class _ActorRecord:
    line: Line
    names: list[str] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)


def _actor_records(path: Path, report: ReadReport) -> Iterator[_ActorRecord]:
    """Group the lines of an actor file into entries (name, synonyms, codes).

    When an entry's name line is bad (and errors are skipped), its synonym and code lines
    are left out with it.
    """
    current: _ActorRecord | None = None
    dead = False  # the current entry's name line was bad
    for line in read_lines(path):
        body = line.text.strip()
        try:
            if body.startswith(("[", "+")):
                if current is None and not dead:
                    raise _fail(path, line, "a code or +synonym line before any actor name")
                if not dead:
                    _continue_actor(current, body, path, line)
                continue
            if current is not None:
                yield current
            current, dead = None, False
            name, codes = _split_codes(body, path, line)
            if not name:
                raise _fail(path, line, "expected an actor name before the code")
            dead = True
            current = _ActorRecord(line, [name], [parse_actor_code(c, path, line) for c in codes])
            dead = False
        except DictionaryError as exc:
            report.error(exc)
    if current is not None:
        yield current


def _continue_actor(record: _ActorRecord, body: str, path: Path, line: Line) -> None:
    """Add a ``[code]`` line or a ``+synonym [code]`` line to an entry."""
    if body.startswith("["):
        record.codes.extend(parse_actor_code(c, path, line) for c in _split_codes(body, path, line)[1])
        return
    name, codes = _split_codes(body[1:], path, line)
    if not name:
        raise _fail(path, line, "expected a synonym after '+'")
    parsed = [parse_actor_code(c, path, line) for c in codes]
    record.names.append(name)
    record.codes.extend(parsed)


def _ordered_codes(codes: Sequence[DatedCode]) -> tuple[DatedCode, ...]:
    """Date-restricted codes first, in file order, then the default (PETRARCH's precedence)."""
    dated = [c for c in codes if c.start is not None or c.end is not None]
    default = [c for c in codes if c.start is None and c.end is None]
    return (*dated, *default[:1])


def _country_of(codes: Sequence[DatedCode]) -> str | None:
    for c in codes:
        head = c.code[:3]
        if len(head) == 3 and head.isalpha() and head not in NON_STATE_PREFIXES:
            return head
    return None


def read_petrarch_actors(path: Path, into: ActorDictionary, errors: str = "raise") -> ReadReport:
    """Add the entries of one PETRARCH actor file to `into`.

    An entry without any code is a known name that codes as no actor (PETRARCH's null
    code), like one coded ``[---]``.
    """
    report = ReadReport(path, errors)
    for record in _actor_records(path, report):
        key = f"petrarch:{path.name}:{record.line.number}"
        codes = _ordered_codes(record.codes)
        entry = ActorEntry(
            key=key,
            name=display_name(record.names[0]),
            kind="state",
            codes=codes,
            country=_country_of(codes),
        )
        phrases = [make_phrase(key, n, form="name", cased=True, stem=True) for n in record.names]
        into.add_entry(entry, [p for p in phrases if p is not None])
    return report


def load_petrarch_actors(*paths: str | Path, errors: str = "raise") -> ActorDictionary:
    """Load PETRARCH/Phoenix actor dictionaries (later files add to earlier ones).

    `errors="skip"` leaves out (and logs) bad lines instead of raising.
    """
    return _read_all(paths, read_petrarch_actors, errors, "actors", lambda d: len(d.entries))


def _read_all(paths, reader, errors: str, what: str, size) -> ActorDictionary:
    """One dictionary from several files read in turn by ``reader``, logging what each
    added (``size`` counts the dictionary's actors or agents)."""
    into = ActorDictionary(sources=[str(p) for p in paths])
    for path in paths:
        before = size(into)
        report = reader(Path(path), into, errors)
        log.info("read %d %s from %s (%d left out)", size(into) - before, what, path, len(report.skipped))
    return into


# ---------------------------------------------------------------------------------------
# Agent dictionaries
# ---------------------------------------------------------------------------------------

_MACRO_DEF = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")
_MACRO_USE = re.compile(r"![A-Za-z0-9_]+!")
_AGENT_CODE = re.compile(r"^(?:~\s*([A-Za-z0-9]+)|([A-Za-z0-9]+)\s*~)$")
AGENT_HELP = "expected TERM {PLURALS} [~CODE] (role after the actor) or [CODE~] (before it)"


def english_plural(word: str) -> str:
    """The regular plural of an upper-case dictionary word (PETRARCH's automatic plurals)."""
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("S", "X", "Z", "CH", "SH")):
        return word + "ES"
    return word + "S"


def _expand_macros(term: str, macros: dict[str, list[str]], path: Path, line: Line) -> list[str]:
    used = _MACRO_USE.search(term)
    if used is None:
        return [term]
    name = used.group(0)
    if name not in macros:
        raise _fail(path, line, f"substitution set {name} is not defined (define it as {name} = A, B)")
    out = []
    for value in macros[name]:
        out.extend(_expand_macros(term.replace(name, value, 1), macros, path, line))
    return out


def _agent_forms(body: str, macros, path: Path, line: Line) -> tuple[list[str], str, bool]:
    """The written forms of one agent line, its role code, and whether it is a prefix."""
    name, codes = _split_codes(body, path, line)
    if len(codes) != 1:
        raise _fail(path, line, AGENT_HELP)
    match = _AGENT_CODE.match(codes[0].strip())
    if match is None:
        raise _fail(path, line, f"[{codes[0].strip()}]: {AGENT_HELP}")
    code = (match.group(1) or match.group(2)).upper()
    prefix = match.group(2) is not None
    plurals: list[str] | None = None
    if "{" in name:
        if name.count("{") != 1 or not name.rstrip().endswith("}"):
            raise _fail(path, line, "plurals go in one {…} group after the term")
        name, plural_text = name.split("{", 1)
        plurals = plural_text.rstrip("}").split()
    term = name.strip()
    if not term:
        raise _fail(path, line, AGENT_HELP)
    if _MACRO_USE.search(term):
        forms = _expand_macros(term, macros, path, line)  # no further plurals
    else:
        forms = [term, *(plurals if plurals is not None else [_plural_of_phrase(term)])]
    return forms, code, prefix


def _plural_of_phrase(term: str) -> str:
    head, sep, last = term.rstrip("_").rpartition("_")
    if not sep:
        head, sep, last = term.rstrip("_").rpartition(" ")
    return head + sep + english_plural(last)


def read_petrarch_agents(path: Path, into: ActorDictionary, errors: str = "raise") -> ReadReport:
    """Add the agents (role words) of one PETRARCH agent file to `into`."""
    report = ReadReport(path, errors)
    macros: dict[str, list[str]] = {}
    for line in read_lines(path):
        body = line.text.strip()
        try:
            definition = _MACRO_DEF.match(body)
            if definition is not None:
                values = [v.strip() for v in definition.group(2).split(",") if v.strip()]
                if not values:
                    raise _fail(path, line, "a substitution set needs a comma-separated list")
                macros[definition.group(1)] = values
                continue
            forms, code, prefix = _agent_forms(body, macros, path, line)
        except DictionaryError as exc:
            report.error(exc)
            continue
        key = f"agent:petrarch:{path.name}:{line.number}"  # the recogniser knows agents by "agent:"
        agent = AgentEntry(key=key, name=display_name(forms[0]), code=code, prefix_position=prefix)
        phrases = [make_phrase(key, f, form="term", cased=False, stem=False) for f in forms]
        into.add_agent(agent, [p for p in phrases if p is not None])
    return report


def load_petrarch_agents(*paths: str | Path, errors: str = "raise") -> ActorDictionary:
    """Load PETRARCH/Phoenix agent dictionaries into an :class:`ActorDictionary`."""
    return _read_all(paths, read_petrarch_agents, errors, "agents", lambda d: len(d.agents))


# ---------------------------------------------------------------------------------------
# Verb dictionaries
# ---------------------------------------------------------------------------------------

_CODE_TOKEN = re.compile(r"^[0-9A-Za-z?!]+$")
CODE_POLICIES = ("cameo", "any")
PATTERN_HELP = "expected - WORDS * WORDS [CODE] (the * marks the verb)"


@dataclass
class _Synset:
    line: Line
    name: str
    plurals: bool
    members: list[tuple[Line, str]] = field(default_factory=list)


@dataclass
class _Verb:
    line: Line
    word: str  # the trigger, lower case
    forms: frozenset[str]
    code: str | None  # its own code, else the block's
    reverse: str | None
    before: tuple  # fixed words before the trigger ("WIRE_+TAP")
    after: tuple  # fixed words after it ("+BREAK_DOWN")


@dataclass
class _Block:
    line: Line
    name: str
    code: str | None
    reverse: str | None
    verbs: list[_Verb] = field(default_factory=list)
    patterns: list[tuple[Line, str]] = field(default_factory=list)


def regular_verb_forms(verb: str) -> set[str]:
    """Base, -s, -ed and -ing forms of a regular (upper-case) English verb."""
    forms = {verb}
    consonant_y = verb.endswith("Y") and len(verb) > 1 and verb[-2] not in "AEIOU"
    if verb.endswith(("S", "X", "Z", "CH", "SH")):
        forms.add(verb + "ES")
    elif consonant_y:
        forms.add(verb[:-1] + "IES")
    else:
        forms.add(verb + "S")
    if verb.endswith("E"):
        forms.add(verb + "D")
        forms.add((verb[:-1] if not verb.endswith(("EE", "YE", "OE")) else verb) + "ING")
    else:
        forms.add(verb[:-1] + "IED" if consonant_y else verb + "ED")
        forms.add(verb + "ING")
    return forms


def _event_code(text: str, policy: str, path: Path, line: Line, report: ReadReport):
    """Check one code of a verb dictionary: (code, reverse), or None for a TABARI control code.

    ``[a:b]`` is a PETRARCH paired code: the source does `a` to the target and the target
    `b` to the source; either half may be empty.
    """
    from .cameo import load_ontology

    text = text.strip()
    if text in TABARI_CONTROL_CODES:
        report.note(line, f"[{text}] is a TABARI control code PETRARCH does not implement")
        return None
    halves = text.split(":")
    if len(halves) > 2:
        raise _fail(path, line, f"[{text}]: expected [CODE] or a paired code [CODE:CODE]")
    out = []
    for half in halves:
        half = half.strip()
        if half in ("", NULL_CODE):
            out.append(None)
            continue
        if not _CODE_TOKEN.match(half):
            raise _fail(path, line, f"[{text}]: {half!r} is not an event code")
        if policy != "any" and not load_ontology().is_event_code(half):
            raise _fail(
                path, line, f"unknown CAMEO event code {half!r} (expected a CAMEO event code or [---])"
            )
        out.append(half)
    forward = out[0] or NULL_CODE
    reverse = out[1] if len(out) == 2 else None
    return forward, reverse


def _verb_line(body: str, policy: str, path: Path, line: Line, report) -> _Verb:
    """A verb of a block: ``WORD``, ``WORD {FORMS}``, ``+BREAK_DOWN``, ``WIRE_+TAP``, ``[code]``."""
    name, codes = _split_codes(body, path, line)
    if len(codes) > 1:
        raise _fail(path, line, "a verb takes at most one [code]")
    code = reverse = None
    if codes:
        checked = _event_code(codes[0], policy, path, line, report)
        code, reverse = checked if checked is not None else (NULL_CODE, None)
    listed: list[str] | None = None
    if "{" in name or "}" in name:
        if name.count("{") != 1 or not name.rstrip().endswith("}"):
            raise _fail(path, line, "irregular forms go in one {…} group after the verb")
        name, listed_text = name.split("{", 1)
        listed = listed_text.rstrip("}").split()
    words = split_words(name.strip())
    if not words:
        raise _fail(path, line, "expected a verb")
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    if len(marked) > 1:
        raise _fail(path, line, "mark one word of a multi-word verb with '+'")
    at = marked[0] if marked else 0
    words = [w.lstrip("+") for w in words]
    verb = words[at].upper()
    if not re.match(r"^[A-Z][A-Z'-]*$", verb):
        raise _fail(path, line, f"verb {verb!r}: expected a word")
    written = regular_verb_forms(verb) if listed is None else {verb, *(_marked_word(f).upper() for f in listed)}
    # A hyphenated verb ("RE-OPEN") is several tokens in running text: the trigger is the
    # last one, the others are fixed words before it.
    tokens = word_tokens(verb)
    forms = frozenset(word_tokens(f)[-1] for f in written if word_tokens(f))
    before = tuple(_fixed_word(w, path, line) for w in words[:at])
    before += tuple(_fixed_word(t, path, line) for t in tokens[:-1])
    after = tuple(_fixed_word(w, path, line) for w in words[at + 1 :])
    return _Verb(line, tokens[-1], forms, code, reverse, _chain(before), _chain(after))


def _marked_word(form: str) -> str:
    words = split_words(form)
    marked = [w for w in words if w.startswith("+")]
    return (marked[0] if marked else words[0]).lstrip("+")


def _fixed_word(word: str, path: Path, line: Line):
    from ..events.patterns import Element

    tokens = word_tokens(word)
    if not tokens:
        raise _fail(path, line, f"{word!r}: expected a word")
    if len(tokens) == 1:
        return Element("word", words=frozenset(tokens), lemmas=False)
    return Element("word", phrases=(tokens,), lemmas=False)


def _chain(elements: tuple) -> tuple:
    """Words of a multi-word verb are consecutive: each is adjacent to the one before."""
    from dataclasses import replace

    return tuple(replace(e, adjacent=True) for e in elements)


def _verb_sections(path: Path, policy: str, report: ReadReport):
    """Split a verb file into synsets and verb blocks (patterns are compiled afterwards,
    so a synset may be defined after the patterns that use it)."""
    synsets: dict[str, _Synset] = {}
    blocks: list[_Block] = []
    current: _Synset | _Block | None = None
    transformations = 0
    for line in read_lines(path):
        body = line.text.strip()
        try:
            if body.startswith("---"):
                current = None  # a bad header leaves its verbs and patterns out with it
                current = _block_header(body, policy, path, line, report)
                blocks.append(current)
            elif body.startswith("&"):
                current = None
                current = _synset_header(body, path, line)
                synsets[current.name] = current
            elif body.startswith("~"):
                transformations += 1  # PETRARCH-2 verb transformations: not applied by Tacitus
            elif isinstance(current, _Synset) and body.startswith("+"):
                current.members.append((line, body[1:].strip()))
            elif isinstance(current, _Block) and body.startswith("-"):
                current.patterns.append((line, body[1:]))
            elif isinstance(current, _Block):
                current.verbs.append(_verb_line(body, policy, path, line, report))
            else:
                raise _fail(path, line, "expected a synset (&NAME), a verb block (--- NAME [code] ---) or a pattern")
        except DictionaryError as exc:
            report.error(exc)
    if transformations:
        log.info("%s: %d verb transformations (~ lines) are not applied", path, transformations)
    return synsets, blocks


def _synset_header(body: str, path: Path, line: Line) -> _Synset:
    name = body.split()[0]
    if len(body.split()) > 1 or len(name.rstrip("_")) < 2:
        raise _fail(path, line, "expected a synset label &NAME alone on its line")
    return _Synset(line, name.rstrip("_").upper(), plurals=not name.endswith("_"))


def _block_header(body: str, policy: str, path: Path, line: Line, report) -> _Block:
    inner = body.strip("-").strip()
    codes = _BRACKETS.findall(inner)
    name = inner.split("[", 1)[0].strip()
    code = reverse = None
    if codes:
        checked = _event_code(codes[0], policy, path, line, report)
        code, reverse = checked if checked is not None else (NULL_CODE, None)
    return _Block(line, name, code or NULL_CODE, reverse)


def _pattern_items(text: str) -> tuple[list[str], list[bool], bool, bool]:
    """Items of one side of a pattern; whether each pair of neighbours is joined by ``_``;
    whether the side starts and ends with ``_``. ``WORD_`` followed by a blank is an open
    connector, as in TABARI."""
    parts = re.split(r"([^\s_]+)", text)
    seps, items = parts[0::2], parts[1::2]

    def joined(sep: str) -> bool:
        return bool(sep) and set(sep) == {"_"}

    return items, [joined(s) for s in seps[1:-1]], joined(seps[0]), joined(seps[-1])


class _UndefinedSynset(Exception):
    """A pattern names a synset the file never defines (PETRARCH skips such patterns)."""


class _SynsetTable:
    """Synset members as token tuples, resolved (and pluralised) on first use."""

    def __init__(self, synsets: dict[str, _Synset], path: Path) -> None:
        self.synsets = synsets
        self.path = path
        self.cache: dict[str, tuple[tuple[str, ...], ...]] = {}

    def alternatives(self, name: str, line: Line, stack: tuple[str, ...] = ()) -> tuple:
        if name in self.cache:
            return self.cache[name]
        synset = self.synsets.get(name)
        if synset is None:
            raise _UndefinedSynset(name)
        if name in stack:
            raise _fail(self.path, line, f"synset {name} contains itself")
        out: list[tuple[str, ...]] = []
        for member_line, member in synset.members:
            if member.startswith("&"):
                out.extend(self.alternatives(member.rstrip("_").upper(), member_line, (*stack, name)))
                continue
            words = split_words(member)
            if not words:
                raise _fail(self.path, member_line, "expected a word or phrase after '+'")
            out.append(tuple(t for w in words for t in word_tokens(w)))
            if synset.plurals and not member.endswith("_"):
                plural = [*words[:-1], english_plural(words[-1].upper())]
                out.append(tuple(t for w in plural for t in word_tokens(w)))
        self.cache[name] = tuple(dict.fromkeys(out))
        return self.cache[name]


def _element(item: str, adjacent: bool, synsets: _SynsetTable, path: Path, line: Line):
    from ..events.patterns import Element

    kinds = {"$": "source", "+": "target", "%": "compound", "^": "skip"}
    word = item.strip("(){}")  # PETRARCH-2 phrase groups: read as plain word order
    if not word:
        return None
    if word in kinds:
        return Element(kinds[word], adjacent=adjacent)
    if word.startswith("&"):
        alts = synsets.alternatives(word.upper(), line)
    else:
        if any(c in word for c in "$%^&*"):
            raise _fail(path, line, f"{item!r}: {PATTERN_HELP}")
        alts = (word_tokens(word),)
    words = frozenset(a[0] for a in alts if len(a) == 1)
    phrases = tuple(a for a in alts if len(a) > 1)
    return Element("word", words=words, phrases=phrases, adjacent=adjacent, lemmas=False)


def _side(text: str, before: bool, synsets: _SynsetTable, path: Path, line: Line) -> tuple:
    """Elements of one side of a pattern; `adjacent` means "touches its neighbour on the
    verb side (or the verb)"."""
    items, joins, lead, trail = _pattern_items(text)
    out = []
    for i, item in enumerate(items):
        if before:
            adjacent = joins[i] if i < len(joins) else trail
        else:
            adjacent = joins[i - 1] if i > 0 else lead
        element = _element(item, adjacent, synsets, path, line)
        if element is not None:
            out.append(element)
    return tuple(out)


def _pattern(text: str, synsets: _SynsetTable, policy, path: Path, line: Line, report):
    """(before, after, code, reverse) of one ``- … * … [code]`` line, or None if skipped."""
    _, codes = _split_codes(text, path, line)
    if len(codes) != 1:
        raise _fail(path, line, PATTERN_HELP)
    raw = text[: text.find("[")]
    if raw.count("*") != 1:
        raise _fail(path, line, PATTERN_HELP)
    checked = _event_code(codes[0], policy, path, line, report)
    if checked is None:
        return None
    pre, post = raw.split("*")
    try:
        return (_side(pre, True, synsets, path, line), _side(post, False, synsets, path, line), *checked)
    except _UndefinedSynset as exc:
        report.note(line, f"synset {exc} is not defined in the file")
        return None


def _block_patterns(block: _Block, synsets: _SynsetTable, policy, path: Path, report) -> Iterator:
    """The sequence patterns of one verb block.

    Verbs of a block share its patterns. Verbs without fixed words share one pattern per
    line (their forms are pooled); multi-word verbs get their fixed words added.
    """
    from ..events.patterns import SequencePattern

    compiled = []
    for line, text in block.patterns:
        try:
            parsed = _pattern(text, synsets, policy, path, line, report)
        except DictionaryError as exc:
            report.error(exc)
            continue
        if parsed is not None:
            compiled.append((line, parsed))
    groups: dict[tuple, list[_Verb]] = {}
    for verb in block.verbs:
        groups.setdefault((verb.before, verb.after), []).append(verb)
    for (fixed_before, fixed_after), verbs in groups.items():
        forms = frozenset().union(*(v.forms for v in verbs))
        lemma = verbs[0].word
        for line, (before, after, code, reverse) in compiled:
            yield SequencePattern(
                id=f"{path.name}:{line.number}", code=code, reverse_code=reverse, lemma=lemma,
                before=(*before, *fixed_before), after=(*fixed_after, *after), forms=forms,
                origin=f"{path.name}:{line.number} ({block.name})",
            )
        for verb in verbs:
            code, reverse = (verb.code, verb.reverse) if verb.code else (block.code, block.reverse)
            yield SequencePattern(
                id=f"{path.name}:{verb.line.number}", code=code, reverse_code=reverse,
                lemma=verb.word, before=fixed_before, after=fixed_after, forms=verb.forms,
                origin=f"{path.name}:{verb.line.number} ({block.name} {verb.word.upper()})",
            )


def read_petrarch_verbs(
    path: Path, codes: str = "cameo", errors: str = "raise"
) -> tuple[list, ReadReport]:
    """The sequence patterns of one PETRARCH verb file, and what was left out.

    `codes` says which event codes are accepted: ``"cameo"`` (the default) only CAMEO
    event codes and ``[---]``; ``"any"`` any code word, for validation suites that define
    codes of their own (PETR.Validate.verbs.txt). An unknown code is a syntax error.
    """
    if codes not in CODE_POLICIES:
        raise ValueError(f"codes must be one of {CODE_POLICIES}, not {codes!r}")
    report = ReadReport(path, errors)
    synsets, blocks = _verb_sections(path, codes, report)
    table = _SynsetTable(synsets, path)
    patterns = []
    for block in blocks:
        if not block.verbs and block.patterns:
            report.error(_fail(path, block.line, f"verb block {block.name!r} has patterns but no verb"))
            continue
        patterns.extend(_block_patterns(block, table, codes, path, report))
    return patterns, report


def load_petrarch_verbs(*paths: str | Path, codes: str = "cameo", errors: str = "raise"):
    """Load PETRARCH verb dictionaries into a :class:`~tacitus.events.patterns.VerbDictionary`."""
    from ..events.patterns import VerbDictionary

    result = VerbDictionary(sources=[str(p) for p in paths])
    for path in paths:
        patterns, report = read_petrarch_verbs(Path(path), codes, errors)
        result.extend(patterns)
        log.info("read %d verb patterns from %s (%d left out)", len(patterns), path, len(report.skipped))
    return result


# ---------------------------------------------------------------------------------------
# Discards and issues
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DiscardPhrase:
    """A discard phrase: `story` discards the whole story, otherwise only its sentence.

    `exact` (written with a final ``_``) must end at a word boundary; PETRARCH reads other
    phrases as stems. Tacitus matches both as whole words (see :func:`load_discards`).
    """

    text: str
    story: bool
    exact: bool
    line: int


def read_petrarch_discards(path: Path, errors: str = "raise") -> tuple[list[DiscardPhrase], ReadReport]:
    """The phrases of a PETRARCH discard file; ``+phrase`` is a story-level discard."""
    report = ReadReport(path, errors)
    out = []
    for line in read_lines(path):
        body = line.text.strip()
        story = body.startswith("+")
        text = body[1:].strip() if story else body
        if not text or "[" in text or "]" in text:
            report.error(_fail(path, line, "expected a phrase (with '+' in front for a story discard)"))
            continue
        out.append(DiscardPhrase(" ".join(split_words(text)), story, text.endswith("_"), line.number))
    return out, report


def load_discards(*paths: str | Path, errors: str = "raise"):
    """Load PETRARCH discard files as :class:`~tacitus.dictionaries.discards.Discards`.

    Each story phrase is its own category, so a discarded story's reason names the phrase
    ("typhoon story (in the headline or lead)"); sentence phrases form one category.
    Matching is whole-word and case-insensitive: PETRARCH's stem matching of phrases
    without a final ``_`` is not reproduced.
    """
    from .discards import Discards, PhraseSet

    story: dict[str, tuple[str, ...]] = {}
    sentence: list[str] = []
    for path in paths:
        for phrase in read_petrarch_discards(Path(path), errors)[0]:
            if phrase.story:
                story[phrase.text.lower()] = (phrase.text,)
            else:
                sentence.append(phrase.text)
    return Discards(
        story=PhraseSet(story),
        sentence=PhraseSet({"discard phrase": tuple(dict.fromkeys(sentence))} if sentence else {}),
    )


_ISSUE_OPEN = re.compile(r'^<ISSUE\s+CATEGORY\s*=\s*"([^"]+)"[^>]*>$', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class IssuePhrase:
    """One issue phrase after expansion: a code, its category block, and the written text."""

    code: str
    category: str | None
    text: str
    line: int


def _issue_forms(text: str, path: Path, line: Line) -> list[str]:
    """Expand ``n:`` (noun and plural), ``v:`` (regular verb forms) and ``+`` (the two
    words joined by a blank or by a hyphen): ``pre+n:school`` gives pre school, pre-school,
    pre schools, pre-schools."""
    forms = [""]
    for word in text.split():
        variants = _issue_word(word, path, line)
        forms = [f"{f} {v}".strip() for f in forms for v in variants]
    return forms


def _issue_word(word: str, path: Path, line: Line) -> list[str]:
    parts = [_issue_expansion(p, path, line) for p in word.split("+")]
    out = parts[0]
    for variants in parts[1:]:
        out = [f"{a}{sep}{b}" for a in out for sep in (" ", "-") for b in variants]
    return out


def _issue_expansion(part: str, path: Path, line: Line) -> list[str]:
    kind, colon, stem = part.partition(":")
    if not colon:
        return [part]
    if kind.lower() == "n":
        return [stem, english_plural(stem.upper()).lower()]
    if kind.lower() == "v":
        return sorted(f.lower() for f in regular_verb_forms(stem.upper()))
    log.warning("%s:%d: unknown expansion %r read as a plain word", path, line.number, kind + ":")
    return [stem]


_ISSUE_ENTRY = re.compile(r"([^\[\]]*)\[([^\]]*)\]")


def _issue_entries(body: str, category: str | None, path: Path, line: Line) -> list[tuple[str, str]]:
    """``PHRASE [CODE]`` pairs of a line (a line may run several together)."""
    if "[" not in body:
        if category is None:
            raise _fail(path, line, "expected PHRASE [CODE] (the code may be left out inside an <ISSUE> block)")
        return [(body, category)]
    pairs = [(t.strip(), c.strip()) for t, c in _ISSUE_ENTRY.findall(body)]
    rest = _ISSUE_ENTRY.sub("", body).strip()
    # Sloppy lines seen in Phoenix files: "X [C] [C]" (a repeated code) and "X [C]****".
    pairs = [p for i, p in enumerate(pairs) if p[0] or i == 0 or p[1] != pairs[i - 1][1]]
    if any(c.isalnum() for c in rest) or not pairs or any(not t or not c for t, c in pairs):
        raise _fail(path, line, "expected PHRASE [CODE]")
    if len(pairs) > 1 or rest:
        log.warning("%s:%d: %d entries on one line (%r ignored)", path, line.number, len(pairs), rest)
    return pairs


def read_petrarch_issues(path: Path, errors: str = "raise") -> tuple[list[IssuePhrase], int, ReadReport]:
    """The expanded issue phrases of a file, and how many ``~`` exclusion lines it has.

    A phrase without ``[CODE]`` inside an ``<ISSUE CATEGORY="X">`` block takes the code X.
    """
    report = ReadReport(path, errors)
    out: list[IssuePhrase] = []
    category: str | None = None
    exclusions = 0
    for line in read_lines(path):
        body = line.text.strip()
        opened = _ISSUE_OPEN.match(body)
        if opened:
            category = opened.group(1)
            continue
        if body.upper() == "</ISSUE>":
            category = None
            continue
        if body.startswith("~"):
            exclusions += 1
            continue
        try:
            entries = _issue_entries(body, category, path, line)
        except DictionaryError as exc:
            report.error(exc)
            continue
        for text, code in entries:
            for form in _issue_forms(text, path, line):
                out.append(IssuePhrase(code, category, form, line.number))
    return out, exclusions, report


def load_issues(*paths: str | Path, errors: str = "raise"):
    """Load PETRARCH issue files as the `issues` of a :class:`~tacitus.dictionaries.discards.Discards`.

    ``~phrase`` exclusions are read but not applied (logged).
    """
    from .discards import Discards, PhraseSet

    codes: dict[str, list[str]] = {}
    for path in paths:
        phrases, exclusions, _ = read_petrarch_issues(Path(path), errors)
        for phrase in phrases:
            codes.setdefault(phrase.code, []).append(phrase.text)
        if exclusions:
            log.info("%s: %d ~exclusion lines are not applied", path, exclusions)
    return Discards(issues=PhraseSet({c: tuple(dict.fromkeys(p)) for c, p in codes.items()}))
