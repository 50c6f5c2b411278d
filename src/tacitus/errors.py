"""One exception hierarchy for Tacitus. Messages say what went wrong and what to do.

    TacitusError
     ├── InputError        an input file or text could not be read as an article
     ├── DictionaryError   a dictionary file has a syntax error or an unknown code
     ├── StoreError        the database could not be opened, migrated or written
     ├── ConfigError       a setting has an invalid value
     └── EvaluationError   a gold-standard file could not be read

The library raises these; only ``tacitus.cli`` turns them into messages and exit codes.
"""

from __future__ import annotations


class TacitusError(Exception):
    """Base class of every error Tacitus raises on purpose."""


class InputError(TacitusError):
    """An input could not be read. `source` names it, `reason` is a short phrase."""

    def __init__(self, source: str, reason: str, detail: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.detail = detail
        message = f"{source}: {reason}"
        if detail:
            message += f" ({detail})"
        super().__init__(message)


class DictionaryError(TacitusError):
    """A dictionary file is malformed. Carries the file, line number and what was expected."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class StoreError(TacitusError):
    """The event store could not be used."""


class ConfigError(TacitusError):
    """A setting has a value Tacitus cannot use."""


class EvaluationError(TacitusError):
    """A gold-standard file could not be read or scored."""
