"""Build the dictionaries of a run from the built-ins and the files a user names.

`--verbs FILE` replaces the built-in verb patterns with FILE (repeatable: several files are
merged); `--add-verbs FILE` adds FILE to them. Likewise actors, agents and discards.
Files ending in .yaml/.yml are Tacitus's own format; any other file is read as a
PETRARCH/Phoenix dictionary.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import DictionaryError
from .actors import ActorDictionary, load_builtin_actors, read_agents
from .discards import Discards, load_builtin_discards, read_discards_yaml


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def _existing(paths: Sequence[str]) -> list[Path]:
    out = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise DictionaryError(str(path), None, "no such dictionary file")
        out.append(path)
    return out


def read_actor_files(paths: Sequence[str], errors: str = "raise") -> ActorDictionary:
    """Actor dictionaries: Tacitus YAML (countries/organizations/groups/people) or PETRARCH."""
    from . import actors as builtin

    result = ActorDictionary(sources=[str(p) for p in paths])
    for path in _existing(paths):
        if _is_yaml(path):
            part = ActorDictionary(sources=[str(path)])
            kind = _yaml_actor_kind(path)
            if kind == "countries":
                builtin.read_countries(path, part)
            elif kind == "people":
                builtin.read_people(path, part)
            else:
                builtin.read_organizations(path, part, kind)
        else:
            from .petrarch import load_petrarch_actors

            part = load_petrarch_actors(path, errors=errors)
        result = result.merged(part)
    return result


def _yaml_actor_kind(path: Path) -> str:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    first = data[0] if isinstance(data, list) and data else {}
    if not isinstance(first, dict):
        raise DictionaryError(str(path), 1, "expected a YAML list of actor entries")
    if "roles" in first and "id" in first:
        return "people"
    if "adjectives" in first or "capital" in first:
        return "countries"
    return "group" if first.get("kind") in ("armed_group", "militia", "movement") else "organization"


def read_agent_files(paths: Sequence[str], errors: str = "raise") -> ActorDictionary:
    result = ActorDictionary(sources=[str(p) for p in paths])
    for path in _existing(paths):
        if _is_yaml(path):
            part = ActorDictionary(sources=[str(path)])
            read_agents(path, part)
        else:
            from .petrarch import load_petrarch_agents

            part = load_petrarch_agents(path, errors=errors)
        result = result.merged(part)
    return result


def read_verb_files(paths: Sequence[str], errors: str = "raise"):
    from ..events.patterns import VerbDictionary, read_verb_yaml

    result = VerbDictionary(sources=[str(p) for p in paths])
    for path in _existing(paths):
        if _is_yaml(path):
            result.extend(read_verb_yaml(path))
        else:
            from .petrarch import load_petrarch_verbs

            result = result.merged(load_petrarch_verbs(path, errors=errors))
    return result


def read_discard_files(paths: Sequence[str], errors: str = "raise") -> Discards:
    result = Discards()
    for path in _existing(paths):
        if _is_yaml(path):
            part = read_discards_yaml(path)
        else:
            from .petrarch import load_discards

            part = load_discards(path, errors=errors)
        result = result.merged(part)
    return result


def build_dictionaries(
    *,
    verbs: Sequence[str] = (),
    actors: Sequence[str] = (),
    agents: Sequence[str] = (),
    discards: Sequence[str] = (),
    add_verbs: Sequence[str] = (),
    add_actors: Sequence[str] = (),
    add_agents: Sequence[str] = (),
    add_discards: Sequence[str] = (),
    errors: str = "raise",
):
    """The Dictionaries of a run: each kind replaced or extended as asked.

    `errors="skip"` leaves out (and logs) the bad lines of PETRARCH files instead of
    stopping at the first one (the published Phoenix files have a few)."""
    from ..events.patterns import load_builtin_verbs
    from ..pipeline import Dictionaries

    builtin_actors = load_builtin_actors()
    if actors or agents:
        named = read_actor_files(actors, errors) if actors else _only_entries(builtin_actors)
        roles = read_agent_files(agents, errors) if agents else _only_agents(builtin_actors)
        actor_dict = named.merged(roles)
    else:
        actor_dict = builtin_actors
    if add_actors:
        actor_dict = actor_dict.merged(read_actor_files(add_actors, errors))
    if add_agents:
        actor_dict = actor_dict.merged(read_agent_files(add_agents, errors))
    verb_dict = read_verb_files(verbs, errors) if verbs else load_builtin_verbs()
    if add_verbs:
        verb_dict = verb_dict.merged(read_verb_files(add_verbs, errors))
    discard_set = read_discard_files(discards, errors) if discards else load_builtin_discards()
    if add_discards:
        discard_set = discard_set.merged(read_discard_files(add_discards, errors))
    return Dictionaries(actors=actor_dict, verbs=verb_dict, discards=discard_set)


def _only_entries(d: ActorDictionary) -> ActorDictionary:
    return ActorDictionary(entries=dict(d.entries), phrases=list(d.phrases), sources=list(d.sources))


def _only_agents(d: ActorDictionary) -> ActorDictionary:
    return ActorDictionary(agents=dict(d.agents), agent_phrases=list(d.agent_phrases), sources=list(d.sources))


def uses_petrarch_verbs(verbs: Sequence[str], add_verbs: Sequence[str] = ()) -> bool:
    """Do PETRARCH verb files replace the built-in patterns? Then code the PETRARCH way:
    their patterns already encode negation, intention and appeals."""
    return bool(verbs) and not all(_is_yaml(Path(p)) for p in verbs)
