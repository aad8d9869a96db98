"""``ctrxl import``: turn a programme document (.docx, .txt, .md) into a draft definition.

Pipeline (one module per stage): read the document into numbered source lines
(``source`` for text and the choice of reader, ``docx_reader`` for Word; both give
``lines.SourceLine``) → repair the text into paragraphs (``repair``) →
recognise parts, sections, items and tasks (``structure``) → resolve agency names
(``assignments``), deadline phrases (``deadlines``) and targets (``targets``) →
list every uncertain decision for a reviewer (``review``) → a draft programme
document, YAML or ``check --json`` shape (``pipeline``).
"""
from __future__ import annotations

from .pipeline import ImportResult, import_programme, write_draft  # noqa: E402

__all__ = ["ImportResult", "import_programme", "write_draft"]
