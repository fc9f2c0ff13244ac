"""Directive understanding: a công văn / chỉ thị / kế hoạch → metadata, tasks, units, targets, deadlines.

Plain Python (no Django). Entry points: :func:`extract` and :func:`cchc.domain.directives.evaluate.evaluate_dir`.
See docs/directives.md for the pattern tables and how to extend them.
"""

from .extract import extract
from .model import DirectiveInputError, OrgUnit, ParsedLetter, Target, Task

parse = extract  # DESIGN.md §2 names it domain.directives.parse

__all__ = ["DirectiveInputError", "OrgUnit", "ParsedLetter", "Target", "Task", "extract", "parse"]
