"""``ctrxl generate``: one workbook per reporting agency, and the master matrix.

Workbooks are independent, so they are written by a pool of processes (one per
core); each is written to a temporary file and renamed, so an interrupted run
never leaves a half-written workbook under a real name.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import ContactConfig
from ..definition.load import Definition
from ..errors import CtrxlError
from ..outputs import CyclePaths
from ..progress import Progress
from ..signing import sign
from .forms import AgencyForm, Contact, build_forms
from .matrix import write_matrix
from .writer import write_agency_workbook


@dataclass
class Generated:
    folder: Path
    matrix: Path
    workbooks: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"workbooks": self.workbooks, "matrix": str(self.matrix), "folder": str(self.folder)}


def contact_from_config(contact: ContactConfig, definition: Definition) -> Contact:
    """Who receives the workbooks and whom to call: ``[contact]`` in ctrxl.toml, defaulting to the recipient."""
    recipient = definition.resolver.agencies.get(definition.cycle.recipient or "") if definition.cycle else None
    return Contact(
        office=contact.office or (recipient.name if recipient else ""),
        person=contact.person,
        phone=contact.phone,
        email=contact.email or (recipient.emails[0] if recipient and recipient.emails else ""),
    )


def _write(job: tuple[AgencyForm, str]) -> str:
    form, path = job
    write_agency_workbook(form, Path(path))
    return path


def write_workbooks(jobs: list[tuple[AgencyForm, Path]], processes: int | None = None,
                    alongside: Callable[[], object] | None = None, progress: Progress | None = None) -> None:
    """Write every workbook; run ``alongside`` (the matrix) in this process meanwhile;
    ``progress(done, total)`` after each workbook (each chunk of them, in the pool)."""
    processes = processes or os.cpu_count() or 1
    work = [(form, str(path)) for form, path in jobs]
    total = len(work)
    if progress:
        progress(0, total)
    if processes <= 1 or len(work) < 8:
        for n, job in enumerate(work, 1):
            _write(job)
            if progress:
                progress(n, total)
        if alongside:
            alongside()
        return
    with ProcessPoolExecutor(max_workers=processes) as pool:
        # Chunks amortise pickling; workbooks are small and many.
        size = max(1, len(work) // (processes * 8))
        futures = {pool.submit(_write_chunk, work[i:i + size]): len(work[i:i + size]) for i in range(0, total, size)}
        if alongside:
            alongside()
        done = 0
        for future in as_completed(futures):
            future.result()
            done += futures[future]
            if progress:
                progress(done, total)


def _write_chunk(jobs: list[tuple[AgencyForm, str]]) -> None:
    for job in jobs:
        _write(job)


def generate(definition: Definition, outputs: CyclePaths | Path, contact: Contact,
             agencies: list[str] | None = None, processes: int | None = None,
             secret: bytes | None = None, progress: Progress | None = None) -> Generated:
    """``secret``: the workspace key (signing.py) that signs each workbook's identity; None: unsigned.
    ``progress(done, total)``: workbooks written so far."""
    definition.require_ok()
    all_forms = build_forms(definition, contact)
    outputs = outputs if isinstance(outputs, CyclePaths) else CyclePaths.of(definition, outputs)
    files = outputs.workbook_files(all_forms)
    if agencies:
        for code in agencies:
            if code not in definition.reporting:
                cands = definition.resolver.candidates(code)
                suggest = ("Có phải: " + ", ".join(f"{m.code} ({m.name})" for m in cands) + "?") if cands else ""
                raise CtrxlError("gen.unknown_agency", code=code, suggest=suggest)
            if code not in files:
                raise CtrxlError("gen.no_work", code=code)
        forms = [f for f in all_forms if f.agency_code in set(agencies)]
    else:
        forms = all_forms
    if isinstance(outputs, CyclePaths) and outputs.store is not None and outputs.store.is_file():
        from ..store import Store
        from .previous import with_previous

        with Store(outputs.store, readonly=True) as store:  # the agencies' previous cycles, if any
            forms = with_previous(forms, store)
    if secret is not None:
        forms = [replace(f, signature=sign(f.identity, secret)) for f in forms]
    jobs = [(f, files[f.agency_code]) for f in forms]
    matrix = outputs.matrix
    names = {code: path.name for code, path in files.items()}
    digests: list[str] = []

    def alongside() -> None:  # this process's share while the pool writes: the matrix, the digests
        write_matrix(definition, matrix, names)
        digests.extend(form.content_digest for form, _ in jobs)

    write_workbooks(jobs, processes, alongside=alongside, progress=progress)
    result = Generated(folder=outputs.workbooks, matrix=matrix)
    for (form, path), digest in zip(jobs, digests, strict=True):
        result.workbooks.append({
            "agency": form.agency_code, "name": form.agency_name, "path": str(path),
            "tasks": len(form.tasks), "indicators": len(form.indicators),
            "content_digest": digest,
        })
    return result
