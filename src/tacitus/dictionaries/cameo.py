"""The CAMEO event ontology: every code with its name, Goldstein value, quad class,
PLOVER type, and what it becomes under negation.

The facts live in tab-separated files under ``dictionaries/data`` so a user can read
and check them; this module only loads them into typed objects.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import DictionaryError
from ..model import Plover

QUAD_CLASS_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class CameoOntology:
    """All CAMEO event codes; lookups for PLOVER mapping and negation."""

    codes: dict[str, CameoCode]
    plover_map: dict[str, Plover]
    negation_map: dict[str, str | None]
    intent_map: dict[str, str]
    appeal_map: dict[str, tuple[str, str]]

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self.codes[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO event code {code!r}") from None

    def is_event_code(self, code: str) -> bool:
        """True for a code that can be assigned to an event (not a bare root like "04")."""
        return code in self.codes and len(code) >= 3

    def plover(self, code: str) -> Plover | None:
        """The PLOVER type for a code, inheriting from the nearest listed parent."""
        for end in range(len(code), 1, -1):
            hit = self.plover_map.get(code[:end])
            if hit is not None:
                return hit
        return None

    def negated(self, code: str) -> str | None:
        """The code a negated event of `code` is recorded as, or None if it yields no event."""
        for end in range(len(code), 1, -1):
            if code[:end] in self.negation_map:
                return self.negation_map[code[:end]]
        return None

    def intended(self, code: str) -> str:
        """The code for an announced or promised `code` (root 03 or 13), else `code`."""
        for end in range(len(code), 1, -1):
            target = self.intent_map.get(code[:end])
            if target is not None:
                return code if target == "=" else target
        return code

    def asked_for(self, outer: str, inner: str) -> str:
        """Refine a general appeal (020) or demand (100) by the code of what it asks for."""
        if outer not in ("020", "100"):
            return outer
        for end in range(len(inner), 1, -1):
            hit = self.appeal_map.get(inner[:end])
            if hit is not None:
                return hit[0] if outer == "020" else hit[1]
        return outer

    def children(self, code: str) -> list[str]:
        return sorted(c for c in self.codes if c.startswith(code) and c != code)


def _data_path(name: str) -> Path:
    return Path(str(resources.files("tacitus.dictionaries") / "data" / name))


def _rows(path: Path, columns: int) -> list[tuple[int, list[str]]]:
    """Data rows of a TSV file (comments and the header skipped), with line numbers."""
    rows = []
    header_seen = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        fields = line.split("\t")
        if len(fields) < columns:
            raise DictionaryError(str(path), number, f"expected {columns} tab-separated fields")
        rows.append((number, fields))
    return rows


@functools.lru_cache(maxsize=1)
def load_ontology() -> CameoOntology:
    """Load the built-in CAMEO ontology (cached)."""
    codes_path = _data_path("cameo_codes.tsv")
    codes: dict[str, CameoCode] = {}
    for number, (code, name, goldstein, quad) in _rows(codes_path, 4):
        try:
            codes[code] = CameoCode(code, name, float(goldstein), int(quad))
        except ValueError as exc:
            raise DictionaryError(str(codes_path), number, f"bad number: {exc}") from None
    plover_path = _data_path("cameo_plover.tsv")
    plover_map = {}
    for _, fields in _rows(plover_path, 2):
        code, event = fields[0], fields[1]
        mode = fields[2].strip() if len(fields) > 2 and fields[2].strip() else None
        context = fields[3].strip() if len(fields) > 3 and fields[3].strip() else None
        plover_map[code] = Plover(event=event, mode=mode, context=context)
    negation_path = _data_path("cameo_negation.tsv")
    negation_map: dict[str, str | None] = {}
    for number, (code, negated) in _rows(negation_path, 2):
        target = None if negated.strip() == "-" else negated.strip()
        if target is not None and target not in codes:
            raise DictionaryError(str(negation_path), number, f"unknown CAMEO code {target!r}")
        negation_map[code] = target
    intent_path = _data_path("cameo_intent.tsv")
    intent_map: dict[str, str] = {}
    for number, (code, intended) in _rows(intent_path, 2):
        target = intended.strip()
        if target != "=" and target not in codes:
            raise DictionaryError(str(intent_path), number, f"unknown CAMEO code {target!r}")
        intent_map[code] = target
    appeal_path = _data_path("cameo_appeal.tsv")
    appeal_map: dict[str, tuple[str, str]] = {}
    for number, (inner, appeal, demand) in _rows(appeal_path, 3):
        for target in (appeal, demand):
            if target not in codes:
                raise DictionaryError(str(appeal_path), number, f"unknown CAMEO code {target!r}")
        appeal_map[inner] = (appeal, demand)
    return CameoOntology(
        codes=codes,
        plover_map=plover_map,
        negation_map=negation_map,
        intent_map=intent_map,
        appeal_map=appeal_map,
    )
