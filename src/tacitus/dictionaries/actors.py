"""Actor and agent dictionaries as typed data, and the built-in YAML reader.

An *actor* is a named entity with a CAMEO actor code: a country, an organisation, an armed
group, a person. Its codes may hold only between dates (a president while in office).
An *agent* is a generic role word ("government", "troops", "spokesman") that adds role
codes to whatever country or organisation it is attached to.

Both the built-in YAML files and PETRARCH/Phoenix dictionaries (``petrarch.py``) load into
an :class:`ActorDictionary`, which the recogniser compiles into one phrase index.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..errors import DictionaryError

ACTOR_CODE = re.compile(r"^(?:[A-Z0-9]{3})+$")

# CAMEO role codes an agent may carry: primary roles, secondary roles, and the religion
# codes of the KEDS/CAMEO codebooks (chapter 3).
ROLE_CODES = frozenset(
    ["COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "PTY", "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "IGO", "NGO", "NGM", "MNC", "INT", "UIS", "IMG", "PKO"]
)
RELIGION_CODES = frozenset(
    ["MOS", "CHR", "JEW", "HIN", "BUD", "SIK", "JAN", "BAH", "CON", "TAO", "ZRO", "PAG", "ATH", "SHI", "SUN", "SFI", "ALE", "DRZ", "CTH", "PRO", "DOX", "CPT", "MRN", "JHW", "LDS", "HSD", "UDX"]
)
AGENT_CHUNKS = ROLE_CODES | RELIGION_CODES


@dataclass(frozen=True, slots=True)
class DatedCode:
    """A CAMEO actor code, valid from `start` to `end` inclusive (None = unbounded)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    title: str | None = None

    def holds_on(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        if self.start is not None and day < self.start:
            return False
        return not (self.end is not None and day > self.end)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One entity of an actor dictionary."""

    key: str  # unique id, e.g. "country:SYR", "person:bashar-al-assad"
    name: str
    kind: str  # state, igo, ngo, media, group, person, institution, region
    codes: tuple[DatedCode, ...]
    country: str | None = None
    ambiguous: bool = False
    titles: tuple[str, ...] = ()

    def codes_on(self, day: dt.date | None) -> tuple[DatedCode, ...]:
        """The codes that hold on `day` (all of them when the day is unknown)."""
        return tuple(c for c in self.codes if c.holds_on(day))

    def code_on(self, day: dt.date | None) -> str | None:
        """The most specific code holding on `day`, or None if none does."""
        holding = [c for c in self.codes_on(day) if c.code]
        if not holding:
            return None
        unbounded = [c for c in holding if c.start is None and c.end is None]
        if day is None:
            # Without a date a restriction cannot be checked: the default code, else the
            # most recent period's ("Ukrainian": UKR, not the Soviet-era USRUKR).
            if unbounded:
                return unbounded[0].code
            latest = max(holding, key=lambda c: (c.end is None, c.end or dt.date.min, c.start or dt.date.min))
            return latest.code
        # On a known date, a date-bounded code (a role held then) beats the default.
        holding.sort(key=lambda c: (c.start is None and c.end is None, -len(c.code)))
        return holding[0].code


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase that names an actor or an agent, as a tuple of lower-cased tokens.

    `prefix` lets the last token match any word it starts (PETRARCH stems such as
    "ARGENTIN" for Argentina/Argentine). `form` says what kind of name this is
    (name, adjective, metonym, surname, alias, term).
    """

    tokens: tuple[str, ...]
    key: str
    form: str = "name"
    prefix: bool = False
    case: tuple[int, ...] = ()  # per token: CASE_ANY, CASE_TITLE or CASE_UPPER
    ambiguous: bool = False  # often not this actor: needs support from context


CASE_ANY, CASE_TITLE, CASE_UPPER = 0, 1, 2


def case_rule(surface: str) -> int:
    """How strictly a written dictionary token must match the case of running text.

    An all-capital abbreviation ("US", "UN") only matches the same capitals, so the
    pronoun "us" is not the United States; a capitalised name only matches a capitalised
    word; a lower-case term matches any case.
    """
    letters = [c for c in surface if c.isalpha()]
    if not letters:
        return CASE_ANY
    if all(c.isupper() for c in letters) and len(letters) <= 4:
        return CASE_UPPER
    if letters[0].isupper():
        return CASE_TITLE
    return CASE_ANY


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """A role word. `code` is one or more 3-letter role codes ("GOV", "GOVMIL").

    `prefix_position` is True for PETRARCH agents written ``[NGO~]``: the role code goes
    before the country instead of after it.
    """

    key: str
    name: str
    code: str
    prefix_position: bool = False
    generic: bool = False  # a head like "leader" or "spokesman" that defers to its modifier


@dataclass
class ActorDictionary:
    """Actors, agents and the phrases that name them. Built once, then read-only."""

    entries: dict[str, ActorEntry] = field(default_factory=dict)
    agents: dict[str, AgentEntry] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)
    agent_phrases: list[Phrase] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add_entry(self, entry: ActorEntry, phrases: Iterable[Phrase]) -> None:
        self.entries[entry.key] = entry
        self.phrases.extend(phrases)

    def add_agent(self, agent: AgentEntry, phrases: Iterable[Phrase]) -> None:
        self.agents[agent.key] = agent
        self.agent_phrases.extend(phrases)

    def merged(self, other: ActorDictionary) -> ActorDictionary:
        """A new dictionary with `other`'s entries added (later entries win on key clashes)."""
        result = ActorDictionary(
            entries={**self.entries, **other.entries},
            agents={**self.agents, **other.agents},
            phrases=[*self.phrases, *other.phrases],
            agent_phrases=[*self.agent_phrases, *other.agent_phrases],
            sources=[*self.sources, *other.sources],
        )
        return result


def tokenize_phrase(text: str) -> tuple[str, ...]:
    """Split a dictionary phrase into tokens the way spaCy splits running text."""
    from ..nlp import load

    doc = load().tokenizer(text)
    return tuple(t.text for t in doc if not t.is_space)


@functools.lru_cache(maxsize=65536)
def _cached_tokens(text: str) -> tuple[str, ...]:
    return tokenize_phrase(text)


def phrases_for(
    key: str,
    texts: Iterable[str],
    form: str,
    cased: bool = True,
    ambiguous: Iterable[str] = (),
) -> list[Phrase]:
    """Phrases for the written names `texts`; `cased` keeps their capitalisation rules.

    Names listed in `ambiguous` (or all of them, when `ambiguous` is True) need context.
    """
    unclear = set(ambiguous) if not isinstance(ambiguous, bool) else set(texts) if ambiguous else set()
    out = []
    for text in texts:
        if not text or not str(text).strip():
            continue
        surface = _cached_tokens(str(text).strip())
        if surface:
            case = tuple(case_rule(t) for t in surface) if cased else ()
            tokens = tuple(t.lower() for t in surface)
            out.append(
                Phrase(tokens=tokens, key=key, form=form, case=case, ambiguous=text in unclear)
            )
    return out


# ---------------------------------------------------------------------------------------
# Built-in YAML dictionaries
# ---------------------------------------------------------------------------------------


def builtin_actor_dir() -> Path:
    return Path(str(resources.files("tacitus.dictionaries") / "data" / "actors"))


def _date(value, path: Path, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DictionaryError(str(path), None, f"{where}: {value!r} is not an ISO date") from None


def _check_code(code: str, path: Path, where: str) -> str:
    if not isinstance(code, str) or not ACTOR_CODE.match(code):
        raise DictionaryError(
            str(path), None, f"{where}: {code!r} is not a CAMEO actor code (3-letter groups)"
        )
    return code


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _load_yaml(path: Path) -> list[dict]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DictionaryError(
            str(path), None if line is None else line + 1, f"invalid YAML: {exc}"
        ) from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise DictionaryError(str(path), 1, "expected a YAML list of entries")
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise DictionaryError(str(path), None, f"entry {i + 1}: expected a mapping")
    return data


def read_countries(path: Path, into: ActorDictionary) -> None:
    for item in _load_yaml(path):
        code = _check_code(item.get("code"), path, f"country {item.get('name')!r}")
        key = f"country:{code}"
        name = item.get("name") or code
        codes = (
            DatedCode(
                code, _date(item.get("from"), path, name), _date(item.get("to"), path, name)
            ),
        )
        entry = ActorEntry(
            key=key,
            name=name,
            kind="state",
            codes=codes,
            country=code,
            ambiguous=bool(item.get("ambiguous", False)),
        )
        unclear = _as_list(item.get("ambiguous_names"))
        phrases = phrases_for(key, [name, *_as_list(item.get("names"))], "name", ambiguous=unclear)
        phrases += phrases_for(key, _as_list(item.get("adjectives")), "adjective", ambiguous=unclear)
        demonyms = _as_list(item.get("demonyms")) + [
            plural for adj in _as_list(item.get("adjectives")) if (plural := _plural_demonym(adj))
        ]
        phrases += phrases_for(key, list(dict.fromkeys(demonyms)), "demonym", ambiguous=unclear)
        phrases += phrases_for(key, _as_list(item.get("metonyms")), "metonym", ambiguous=unclear)
        into.add_entry(entry, phrases)
        for inst in item.get("institutions") or []:
            where = f"institution {inst.get('name')!r}"
            inst_code = _check_code(inst.get("code"), path, where)
            inst_key = f"institution:{code}:{inst.get('name')}"
            inst_entry = ActorEntry(
                key=inst_key,
                name=inst["name"],
                kind="institution",
                codes=(
                    DatedCode(
                        inst_code,
                        _date(inst.get("from"), path, where),
                        _date(inst.get("to"), path, where),
                    ),
                ),
                country=code,
                ambiguous=bool(inst.get("ambiguous", False)),
            )
            names = [inst["name"], *_as_list(inst.get("names"))]
            into.add_entry(
                inst_entry,
                phrases_for(inst_key, names, "name", ambiguous=bool(inst.get("ambiguous", False))),
            )


def _plural_demonym(adjective: str) -> str | None:
    """"Palestinian" → "Palestinians"; none for "Chinese", "French", "Swiss", "U.S."."""
    if not adjective[-1:].isalpha() or not adjective[-1].islower():
        return None
    if adjective.endswith(("s", "sh", "ch", "ese", "x", "z")):
        return None
    return adjective + "s"


def read_organizations(path: Path, into: ActorDictionary, default_kind: str) -> None:
    """Organisations and groups: a code, optionally date-bounded role periods."""
    for item in _load_yaml(path):
        name = item.get("name")
        code = _check_code(item.get("code"), path, f"entry {name!r}")
        key = f"{default_kind}:{item.get('id') or name}"
        periods = []
        for role in item.get("roles") or []:
            where = f"{name!r} role"
            periods.append(
                DatedCode(
                    _check_code(role.get("code"), path, where),
                    _date(role.get("from"), path, where),
                    _date(role.get("to"), path, where),
                )
            )
        entry = ActorEntry(
            key=key,
            name=name or code,
            kind=item.get("kind") or default_kind,
            codes=(*periods, DatedCode(code)),
            country=item.get("country"),
            ambiguous=bool(item.get("ambiguous", False)),
        )
        unclear = _as_list(item.get("ambiguous_names"))
        phrases = phrases_for(key, [name, *_as_list(item.get("names"))], "name", ambiguous=unclear)
        phrases += phrases_for(key, _as_list(item.get("metonyms")), "metonym", ambiguous=unclear)
        into.add_entry(entry, phrases)


def read_people(path: Path, into: ActorDictionary) -> None:
    for item in _load_yaml(path):
        pid = item.get("id") or item.get("name")
        if not pid or not item.get("name"):
            raise DictionaryError(str(path), None, f"person entry without id/name: {item!r}")
        key = f"person:{pid}"
        roles = []
        titles = []
        for role in item.get("roles") or []:
            where = f"person {pid!r}"
            code = _check_code(role.get("code"), path, where)
            roles.append(
                DatedCode(
                    code,
                    _date(role.get("from"), path, where),
                    _date(role.get("to"), path, where),
                    role.get("title"),
                )
            )
            if role.get("title"):
                titles.append(str(role["title"]))
        entry = ActorEntry(
            key=key,
            name=item["name"],
            kind="person",
            codes=tuple(roles),
            country=item.get("country"),
            titles=tuple(titles),
        )
        phrases = phrases_for(key, [item["name"], *_as_list(item.get("aliases"))], "name")
        phrases += phrases_for(key, _as_list(item.get("surname")), "surname")
        into.add_entry(entry, phrases)


def read_agents(path: Path, into: ActorDictionary) -> None:
    for item in _load_yaml(path):
        code = item.get("code")
        if not isinstance(code, str) or not ACTOR_CODE.match(code):
            raise DictionaryError(str(path), None, f"agent code {code!r} is not a role code")
        for chunk in (code[i : i + 3] for i in range(0, len(code), 3)):
            if chunk not in AGENT_CHUNKS:
                raise DictionaryError(str(path), None, f"unknown role code {chunk!r} in {code!r}")
        generic = set(_as_list(item.get("generic")))
        for term in [*_as_list(item.get("terms")), *_as_list(item.get("plural"))]:
            key = f"agent:{code}:{term.lower()}"
            agent = AgentEntry(key=key, name=term, code=code, generic=term in generic)
            into.add_agent(agent, phrases_for(key, [term], "term", cased=False))


@functools.lru_cache(maxsize=4)
def load_builtin_actors(directory: str | None = None) -> ActorDictionary:
    """Load the built-in actor and agent dictionaries (cached per process)."""
    base = Path(directory) if directory else builtin_actor_dir()
    into = ActorDictionary(sources=[str(base)])
    for path in sorted(base.glob("countries*.yaml")):
        read_countries(path, into)
    for path in sorted(base.glob("organizations*.yaml")):
        read_organizations(path, into, "organization")
    for path in sorted(base.glob("groups*.yaml")):
        read_organizations(path, into, "group")
    for path in sorted((base / "people").glob("*.yaml")) if (base / "people").exists() else []:
        read_people(path, into)
    for path in sorted(base.glob("agents*.yaml")):
        read_agents(path, into)
    return into


def country_of(code: str | None, known_countries: Sequence[str] | frozenset[str]) -> str | None:
    """The country part of an actor code, if it starts with a known country code."""
    if code and len(code) >= 3 and code[:3] in known_countries:
        return code[:3]
    return None
