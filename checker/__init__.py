"""checker: a translation-quality checker for machine-translated news.

The pipeline reads documents (:mod:`checker.read`), splits them into sentences
(:mod:`checker.split`), aligns source and target sentences (:mod:`checker.align`), runs the
registered detector rules (:mod:`checker.detect`) and renders a report (:mod:`checker.report`).
:mod:`checker.pipeline` ties the steps together; :mod:`checker.cli` is a thin shell over it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("checker")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

from checker.errors import InputError  # noqa: E402
from checker.model import Bead, Document, Finding, Report, Segment, Sentence, Severity  # noqa: E402

__all__ = [
    "Bead",
    "Document",
    "Finding",
    "InputError",
    "Report",
    "Segment",
    "Sentence",
    "Severity",
    "__version__",
]
