"""Project settings from ``checker.toml`` or ``[tool.checker]`` in ``pyproject.toml``.

```toml
[tool.checker]                 # in checker.toml: the same keys at the top level
select = ["spaced-hyphen", "glued-sentence"]    # rules to run (default: all)
ignore = ["spacing"]                            # rules to skip
fail_on = "major"                               # exit 1 at this severity or worse
glossary = "terms.tsv"                          # for the terminology rule (relative to this file)

[tool.checker.severity]                         # replace a rule's severity
repetition = "major"

[tool.checker.threshold.stray-fragment]         # a rule's numeric settings (`checker rules`)
max_words = 1
```

Unknown keys, rule ids or severities are errors at start-up (:class:`ConfigError`) that name
the file and the key, before any text is read. Command-line options win over the file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.detect import DetectorConfig
from checker.errors import ConfigError
from checker.model import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = "checker.toml"
KEYS = frozenset({"select", "ignore", "fail_on", "severity", "threshold", "glossary"})


@dataclass(frozen=True)
class Settings:
    """What a config file said (empty when there is none)."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    fail_on: str | None = None
    severities: tuple[tuple[str, str], ...] = ()
    thresholds: tuple[tuple[str, str, int], ...] = ()
    #: The glossary file named by the settings, resolved against the settings file's folder.
    glossary: Path | None = None
    path: Path | None = field(default=None, compare=False)

    def detector_config(
        self,
        select: frozenset[str] | None = None,
        ignore: frozenset[str] | None = None,
        glossary: object | None = None,
    ) -> DetectorConfig:
        """The detector config, with command-line ``select``/``ignore`` winning over the file.

        ``glossary`` is a loaded :class:`checker.glossary.Glossary` (the command line's, or the
        one :meth:`load_glossary` read from the settings' file).
        """
        try:
            return DetectorConfig(
                select if select is not None else self.select,
                ignore if ignore is not None else self.ignore,
                self.severities,
                self.thresholds,
                glossary,
            )
        except ConfigError as exc:
            where = f"{self.path}: " if self.path and select is None else ""
            msg = f"{where}{exc}"
            raise ConfigError(msg) from None


def load_glossary_file(
    path: str | Path | None,
    settings: Settings,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> object | None:
    """The glossary of ``path`` (the command line's), else of the settings' ``glossary``.

    The languages choose the language sections of a multilingual TBX file.
    """
    chosen = path if path is not None else settings.glossary
    if chosen is None:
        return None
    from checker.glossary import load_glossary

    return load_glossary(chosen, source_lang=source_lang, target_lang=target_lang)


def find_config(start: Path | None = None) -> Path | None:
    """``checker.toml``, else a ``pyproject.toml`` with ``[tool.checker]``, in ``start``."""
    folder = start or Path.cwd()
    candidate = folder / CONFIG_FILE
    if candidate.is_file():
        return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and "tool" in (table := _read(pyproject)) and "checker" in table["tool"]:
        return pyproject
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise ConfigError(msg) from None
    except tomllib.TOMLDecodeError as exc:
        msg = f"{path}: not valid TOML: {exc}"
        raise ConfigError(msg) from None


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from ``path`` (or the one :func:`find_config` finds; none: defaults)."""
    path = path or find_config()
    if path is None:
        return Settings()
    table = _read(path)
    if path.name == "pyproject.toml" or "tool" in table:
        table = table.get("tool", {}).get("checker", {})
    unknown = sorted(set(table) - KEYS)
    if unknown:
        msg = f"{path}: unknown setting(s) {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})"
        raise ConfigError(msg)
    fail_on = table.get("fail_on")
    if fail_on is not None and fail_on not in {s.value for s in Severity}:
        msg = f"{path}: fail_on must be minor, major or critical, not {fail_on!r}"
        raise ConfigError(msg)
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        msg = f"{path}: [severity] must be a table of rule = severity"
        raise ConfigError(msg)
    threshold = table.get("threshold", {})
    if not isinstance(threshold, dict) or not all(isinstance(v, dict) for v in threshold.values()):
        msg = f"{path}: [threshold.RULE] tables must hold setting = number"
        raise ConfigError(msg)
    glossary = table.get("glossary")
    if glossary is not None and not isinstance(glossary, str):
        msg = f"{path}: glossary must be a file name"
        raise ConfigError(msg)
    settings = Settings(
        glossary=None if glossary is None else path.parent / glossary,
        select=_ids(path, "select", table.get("select")),
        ignore=_ids(path, "ignore", table.get("ignore")) or frozenset(),
        fail_on=fail_on,
        severities=tuple(sorted((str(k), str(v)) for k, v in severity.items())),
        thresholds=tuple(
            (str(rule), str(key), value)
            for rule, values in sorted(threshold.items())
            for key, value in sorted(values.items())
        ),
        path=path,
    )
    settings.detector_config()  # unknown rule ids and severities fail here, naming the file
    return settings


def _ids(path: Path, key: str, value: object) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        msg = f"{path}: {key} must be a list of rule ids"
        raise ConfigError(msg)
    return frozenset(value)
