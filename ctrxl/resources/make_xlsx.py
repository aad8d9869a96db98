"""Write the blank Excel definition template: ``python -m ctrxl.resources.make_xlsx [DIR]``.

The committed ``templates/xlsx/dinh-nghia-chuong-trinh.xlsx`` is this script's output
(a test checks it byte for byte).
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


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    for path in write_templates(Path(args[0]) if args else template_dir("xlsx")):
        print(path)


if __name__ == "__main__":
    main()
