"""The controlled vocabularies kept in content/data/: outcomes and partners."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..problems import Problem
from .models import Outcome, Partner


@dataclass
class Vocabularies:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)

    def keys(self, name: str) -> list[str]:
        return list(getattr(self, name))


def load(data_dir: Path) -> tuple[Vocabularies, list[Problem]]:
    problems: list[Problem] = []
    vocab = Vocabularies()
    outcomes = _read(data_dir / "outcomes.yml", problems)
    for key, entry in outcomes.items():
        if _has(entry, ("label", "explanation"), data_dir / "outcomes.yml", key, problems):
            vocab.outcomes[key] = Outcome(key, str(entry["label"]), str(entry["explanation"]))
    partners = _read(data_dir / "partners.yml", problems)
    for key, entry in partners.items():
        if _has(entry, ("name", "short_name", "url"), data_dir / "partners.yml", key, problems):
            vocab.partners[key] = Partner(
                key, str(entry["name"]), str(entry["short_name"]), str(entry["url"]),
                str(entry.get("description", "")),
            )
    return vocab, problems


def _read(path: Path, problems: list[Problem]) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        problems.append(Problem(path, "this vocabulary file is missing; restore it from Git."))
        return {}
    except yaml.YAMLError as exc:
        problems.append(Problem(path, f"this file is not valid YAML: {exc}"))
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(path, "this file must be a list of 'key:' entries."))
        return {}
    return data


def _has(entry, needed, path, key, problems) -> bool:
    if not isinstance(entry, dict):
        problems.append(Problem(path, "each entry needs fields under it.", field=key))
        return False
    missing = [name for name in needed if not entry.get(name)]
    for name in missing:
        problems.append(Problem(path, f"entry '{key}' has no {name}; add one.", field=key))
    return not missing
