"""Write the blank Excel templates: ``python -m ctrxl.resources.make_xlsx [DIR]``.

The committed ``templates/xlsx/dinh-nghia-chuong-trinh.xlsx`` (the definition) and
``templates/xlsx/lich-su-nhiem-vu.xlsx`` (the table of ``ctrxl history import``) are this
script's output (tests check them byte for byte).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..definition.xlsx import TEMPLATE_NAME, write_template
from . import template_dir


def write_templates(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / TEMPLATE_NAME
    write_template(path)
    return [path]


def write_history_templates(folder: Path) -> list[Path]:
    """The blank table of ``ctrxl history import`` (docs/history-import.md)."""
    from ..collect.history_template import TEMPLATE_NAME as HISTORY_NAME, write_table_template

    folder.mkdir(parents=True, exist_ok=True)
    return [write_table_template(folder / HISTORY_NAME)]


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else template_dir("xlsx")
    for path in write_templates(folder) + write_history_templates(folder):
        print(path)


if __name__ == "__main__":
    main()
