"""The JSON report: ``Report.to_dict()`` as UTF-8 JSON (non-ASCII kept as is)."""

from __future__ import annotations

import json

from checker.model import Report


def render_json(report: Report, **_options: object) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
