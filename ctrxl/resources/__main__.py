"""Regenerate every committed template: ``python -m ctrxl.resources``."""
from __future__ import annotations

from . import make_docx, make_xlsx, template_dir

if __name__ == "__main__":
    for path in [*make_docx.write_templates(template_dir("docx")), *make_xlsx.write_templates(template_dir("xlsx")),
                 *make_xlsx.write_history_templates(template_dir("xlsx"))]:
        print(path)
