"""The README documents every command and every setting the code has."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tacitus.cli import COMMANDS
from tacitus.config import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def available_commands():
    out = []
    for name in COMMANDS:
        try:
            importlib.import_module(f"tacitus.commands.{name}")
        except ModuleNotFoundError:
            continue
        out.append(name)
    return out


@pytest.mark.parametrize("command", available_commands())
def test_every_command_is_in_the_readme(command):
    assert f"tacitus {command}" in README


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme(setting):
    assert f"`{setting.name}`" in README and setting.env in README


def test_readme_test_command_is_what_ci_runs():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci and "python -m pytest" in README
