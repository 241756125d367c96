"""Rendering: a :class:`~checker.model.Report` → text for a person or JSON for a machine.

Every renderer draws from ``Report.to_dict()``'s data (one schema for all formats); they are
chosen through :data:`RENDERERS`, keyed by :class:`Format`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from checker.model import Report
from checker.report.json import render_json
from checker.report.lines import render_jsonl, render_tsv
from checker.report.text import render_text


class Format(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    HTML = "html"
    JSONL = "jsonl"
    TSV = "tsv"


def render_html(report: Report, **options: object) -> str:
    """:func:`checker.report.html.render_html`, imported when a page is asked for (jinja2 is
    not loaded by runs that write other formats)."""
    from checker.report.html import render_html as render_page

    return render_page(report, **options)  # type: ignore[arg-type]


RENDERERS: dict[Format, Callable[..., str]] = {
    Format.TEXT: render_text,
    Format.JSON: render_json,
    Format.HTML: render_html,
    Format.JSONL: render_jsonl,
    Format.TSV: render_tsv,
}


def render(report: Report, fmt: Format | str, **options: object) -> str:
    """Render ``report`` in format ``fmt`` (options are passed to the renderer)."""
    return RENDERERS[Format(fmt)](report, **options)


__all__ = ["Format", "RENDERERS", "render"]
