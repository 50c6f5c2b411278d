"""Verb patterns: what a verb (or an event noun) and its dependents must look like for an
event code to apply, and the built-in YAML reader.

A built-in pattern constrains the dependency parse, not the word order:

    - id: 050.normalize-relations
      verb: normalize              # lemma of the trigger (or `noun:` for nominal events)
      particle: null               # phrasal-verb particle: "carry out", "pull out";
                                   #   "none": the verb must have no particle
      object: [relations, ties]    # lemma of the direct object (or passive subject); or a
                                   #   class: "@person" (a named person or group), "@any"
                                   #   (any object; adds nothing to specificity)
      prep: [with]                 # the target is the object of this preposition
      words: [diplomatic]          # further lemmas that must occur in the verb's phrase
                                   #   ("a|b": either; "@joint" in an alternative: a
                                   #   subject of two or more parties also satisfies it)
      xcomp: null                  # lemma of a controlled verb: "call on X to *release*"
                                   #   ("*": any controlled verb)
      subject: null                # lemma of the subject's head: "*warplanes* struck" (195)
      subject_words: null          # lemmas that must occur in the subject's phrase, as
                                   #   `words:` ("*peacekeeping* troops arrived")
      target: prep                 # where the target is: object | prep | none | auto (default),
                                   #   or source-prep: the prep's object is the SOURCE and the
                                   #   subject the target ("Mosul fell to the Islamic State")
      example: "Turkey normalized relations with Armenia."

PETRARCH-2 dictionaries (``dictionaries/petrarch.py``) compile into sequence patterns,
which match an ordered list of words in the verb phrase, as PETRARCH does. Both kinds
live in one :class:`VerbDictionary`, indexed by trigger lemma.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..dictionaries.cameo import load_ontology
from ..errors import DictionaryError

TARGET_WHERE = ("auto", "object", "prep", "none", "source-prep")
NO_PARTICLE = "none"  # `particle: none`: the verb must have no particle


@dataclass(frozen=True, slots=True)
class Pattern:
    """A dependency-constraint pattern of the built-in dictionary."""

    id: str
    code: str
    lemma: str
    pos: str = "verb"  # verb | noun
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    words: tuple[frozenset[str], ...] = ()
    xcomp: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()  # lemma of the subject's head ("warplanes")
    subject_words: tuple[frozenset[str], ...] = ()  # further lemmas of the subject's phrase
    target: str = "auto"
    passive: bool | None = None  # None: either voice
    example: str | None = None
    origin: str = ""

    @property
    def specificity(self) -> int:
        return (
            2 * bool(self.particle and self.particle != NO_PARTICLE)
            + 2 * bool(self.objects - {"@any"})
            + 2 * bool(self.preps)
            + 2 * len(self.words)
            + 2 * bool(self.xcomp)
            + 2 * bool(self.subjects)
            + 2 * len(self.subject_words)
        )


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a sequence pattern.

    kind: ``word`` (one of `words`, or one of the multi-word `phrases`), ``source`` and
    ``target`` (an actor, PETRARCH ``$`` and ``+``), ``compound`` (coordinated actors,
    ``%``: a source before the verb, a target after it), ``skip`` (an actor passed
    over, ``^``) or ``any``.
    """

    kind: str  # word | source | target | compound | skip | any
    words: frozenset[str] = frozenset()
    prefix: bool = False
    adjacent: bool = False  # touches its neighbour on the verb's side, or the verb (PETRARCH "_")
    phrases: tuple[tuple[str, ...], ...] = ()  # multi-token alternatives (PETRARCH synset members)
    lemmas: bool = True  # also match lemmas; PETRARCH matches written forms only


@dataclass(frozen=True, slots=True)
class SequencePattern:
    """A PETRARCH-style pattern: ordered elements before and after the verb.

    `before` is written in sentence order and matched leftwards from the verb; `after`
    is matched rightwards through the verb's phrase. `forms` are the written forms the
    trigger must have (PETRARCH verbs are matched as written, not by lemma); when empty
    the trigger is found by `lemma`. `reverse_code` is the second half of a PETRARCH
    paired code ``[a:b]``: the target does `b` to the source.
    """

    id: str
    code: str
    lemma: str
    before: tuple[Element, ...] = ()
    after: tuple[Element, ...] = ()
    pos: str = "verb"
    example: str | None = None
    origin: str = ""
    particle: str | None = None
    forms: frozenset[str] = frozenset()
    reverse_code: str | None = None

    @property
    def specificity(self) -> int:
        return 2 * sum(e.kind == "word" for e in (*self.before, *self.after)) + sum(
            e.kind in ("source", "target", "compound", "skip") for e in (*self.before, *self.after)
        )


AnyPattern = Pattern | SequencePattern


@dataclass
class VerbDictionary:
    """All verb patterns of a run, indexed by the trigger's lemma (or written form)."""

    by_lemma: dict[str, list[AnyPattern]] = field(default_factory=dict)
    by_noun: dict[str, list[AnyPattern]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    # Sequence patterns whose trigger is matched by its written form (PETRARCH verbs).
    by_form: dict[str, list[AnyPattern]] = field(default_factory=dict)
    # Verbs whose patterns are all "no event" ([---] in PETRARCH): known, never coded.
    null_code = "---"

    def add(self, pattern: AnyPattern) -> None:
        forms = getattr(pattern, "forms", None)
        if forms:
            for form in sorted(forms):
                self.by_form.setdefault(form, []).append(pattern)
            return
        table = self.by_noun if pattern.pos == "noun" else self.by_lemma
        table.setdefault(pattern.lemma, []).append(pattern)

    def extend(self, patterns: Iterable[AnyPattern]) -> None:
        for p in patterns:
            self.add(p)

    def merged(self, other: VerbDictionary) -> VerbDictionary:
        result = VerbDictionary(sources=[*self.sources, *other.sources])
        result.extend(self.patterns())
        result.extend(other.patterns())
        return result

    def patterns(self) -> list[AnyPattern]:
        """Every pattern once (a PETRARCH pattern is indexed under each of its verb forms)."""
        seen: dict[int, AnyPattern] = {}
        for table in (self.by_lemma, self.by_noun, self.by_form):
            for ps in table.values():
                for p in ps:
                    seen.setdefault(id(p), p)
        return list(seen.values())

    def __len__(self) -> int:
        return len(self.patterns())


def builtin_verb_dir() -> Path:
    return Path(str(resources.files("tacitus.dictionaries") / "data" / "verbs"))


def _words(value) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    return frozenset(str(v).lower() for v in value)


def read_verb_yaml(path: Path) -> list[Pattern]:
    """Read one built-in verb-pattern file (a list of code blocks with patterns)."""
    ontology = load_ontology()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DictionaryError(
            str(path), None if mark is None else mark.line + 1, f"invalid YAML: {exc}"
        ) from None
    if not isinstance(data, list):
        raise DictionaryError(str(path), 1, "expected a list of {code, patterns} blocks")
    out: list[Pattern] = []
    for block in data:
        code = str(block.get("code", "")) if isinstance(block, dict) else ""
        if not ontology.is_event_code(code):
            raise DictionaryError(str(path), None, f"unknown CAMEO event code {code!r}")
        for raw in block.get("patterns") or []:
            out.append(_pattern(raw, code, path))
    return out


def _pattern(raw: dict, code: str, path: Path) -> Pattern:
    pid = raw.get("id")
    if not pid:
        raise DictionaryError(str(path), None, f"a pattern of code {code} has no id: {raw!r}")
    lemma = raw.get("verb") or raw.get("noun")
    if not lemma:
        raise DictionaryError(str(path), None, f"pattern {pid!r}: needs `verb:` or `noun:`")
    target = raw.get("target", "auto")
    if target not in TARGET_WHERE:
        raise DictionaryError(
            str(path), None, f"pattern {pid!r}: target must be one of {', '.join(TARGET_WHERE)}"
        )
    own_code = str(raw.get("code", code))
    if own_code != code and not load_ontology().is_event_code(own_code):
        raise DictionaryError(str(path), None, f"pattern {pid!r}: unknown code {own_code!r}")
    words = raw.get("words") or []
    if isinstance(words, str):
        words = [words]
    subject_words = raw.get("subject_words") or []
    if isinstance(subject_words, str):
        subject_words = [subject_words]
    return Pattern(
        id=str(pid),
        code=own_code,
        lemma=str(lemma).lower(),
        pos="noun" if raw.get("noun") else "verb",
        particle=(str(raw["particle"]).lower() if raw.get("particle") else None),
        objects=_words(raw.get("object")),
        preps=_words(raw.get("prep")),
        words=tuple(_words(w.split("|")) for w in words),
        xcomp=_words(raw.get("xcomp")),
        subjects=_words(raw.get("subject")),
        subject_words=tuple(_words(w.split("|")) for w in subject_words),
        target="prep" if (target == "auto" and raw.get("prep")) else target,
        passive=raw.get("passive"),
        example=raw.get("example"),
        origin=f"{path.name}",
    )


@functools.lru_cache(maxsize=4)
def load_builtin_verbs(directory: str | None = None) -> VerbDictionary:
    """Load the built-in verb patterns (cached per process)."""
    base = Path(directory) if directory else builtin_verb_dir()
    result = VerbDictionary(sources=[str(base)])
    seen: dict[str, str] = {}
    for path in sorted(base.glob("*.yaml")):
        for pattern in read_verb_yaml(path):
            if pattern.id in seen:
                raise DictionaryError(
                    str(path), None, f"pattern id {pattern.id!r} also used in {seen[pattern.id]}"
                )
            seen[pattern.id] = path.name
            result.add(pattern)
    return result
