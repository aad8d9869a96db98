"""The names of every folder and file one cycle reads and writes, in one place.

``generate`` writes the workbooks under these names, ``send`` and ``remind`` attach
them by the same names, ``collect`` writes receipts, ``consolidate`` and ``report``
their outputs; none of them builds a name of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .workbook.forms import AgencyForm, safe_file_name, workbook_file_name


@dataclass(frozen=True)
class CyclePaths:
    output: Path  # the output folder ([paths] output)
    symbol: str  # the programme's symbol, e.g. 17-CTr/TU
    year: int
    inbox: Path | None = None
    outbox: Path | None = None
    archive: Path | None = None
    store: Path | None = None

    @classmethod
    def of(cls, definition, output: Path, **folders: Path) -> CyclePaths:  # definition: definition.load.Definition
        return cls(output=output, symbol=definition.programme.symbol, year=definition.cycle.year, **folders)

    @property
    def stem(self) -> str:
        """``17-CTr-TU-2025``: the programme and year in every output name."""
        return f"{safe_file_name(self.symbol.replace('/', '-'))}-{self.year}"

    @property
    def workbooks(self) -> Path:
        return self.output / f"bieu-mau-{self.stem}"

    def workbook_files(self, forms: list[AgencyForm]) -> dict[str, Path]:
        """Each agency's workbook, numbered in the order of ``forms`` (all of the cycle's forms)."""
        width = max(3, len(str(len(forms))))
        return {f.agency_code: self.workbooks / workbook_file_name(n, f, width) for n, f in enumerate(forms, 1)}

    @property
    def matrix(self) -> Path:
        return self.output / f"ma-tran-phan-cong-{self.stem}.xlsx"

    @property
    def receipts(self) -> Path:
        return self.output / f"phieu-phan-hoi-{self.stem}"

    @property
    def consolidated(self) -> Path:
        return self.output / f"tong-hop-{self.stem}.xlsx"

    @property
    def reports(self) -> Path:
        return self.output / f"bao-cao-{self.stem}"

    @property
    def city_report(self) -> Path:
        return self.reports / "bao-cao-tong-hop.docx"

    def review(self, start: int, end: int) -> Path:
        """The review report (báo cáo sơ kết) of the cycles ``start``..``end``: beside the cycles' folders."""
        return self.output / f"bao-cao-so-ket-{safe_file_name(self.symbol.replace('/', '-'))}-{start}-{end}.docx"

    def agency_reports(self, names: dict[str, str]) -> dict[str, Path]:
        """Each agency's own report, by its name (and code when two agencies share a name)."""
        out: dict[str, Path] = {}
        used: set[str] = set()
        for code, name in names.items():
            stem = safe_file_name(name)
            if stem in used:
                stem = safe_file_name(f"{name} ({code})")
            used.add(stem)
            out[code] = self.reports / "don-vi" / f"{stem}.docx"
        return out

    def eml(self, kind: str, agency: str) -> Path:
        assert self.outbox is not None
        return eml_file(self.outbox, kind, agency)


def eml_file(outbox: Path, kind: str, agency: str) -> Path:
    """A dry-run message in the outbox: one file per kind and agency (a rerun replaces it)."""
    return outbox / safe_file_name(f"{kind}-{agency}.eml")
