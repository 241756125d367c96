"""The one error type the library raises for bad input."""

from __future__ import annotations


class InputError(Exception):
    """Bad user input: a file that cannot be read, decoded or parsed, or a bad option value.

    ``str(err)`` is a single line that names the file and, where known, the line or byte
    offset, so the CLI can print it as is and exit with status 2.
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        byte_offset: int | None = None,
    ) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.byte_offset = byte_offset
        where = path
        if line is not None:
            where += f":{line}"
        if byte_offset is not None:
            where += f" (byte {byte_offset})"
        super().__init__(f"{where}: {message}")


class ConfigError(ValueError):
    """A bad setting (an unknown rule id, a bad option value), found before any text is read."""
