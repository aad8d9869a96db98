"""Rewrite a workbook's hidden identity in all three places, as an attacker (or a test) would."""
from __future__ import annotations

import openpyxl

from ctrxl.signing import SIGNATURE_FIELD, sign
from ctrxl.workbook import layout as L


def read_identity(wb: openpyxl.Workbook) -> dict[str, str]:
    meta = wb[L.SHEET_META]
    out = {}
    for r in range(L.META_FIRST_ROW, L.META_FIRST_ROW + len(L.IDENTITY_FIELDS)):
        key, value = meta.cell(r, 1).value, meta.cell(r, 2).value
        if key in L.IDENTITY_FIELDS:
            out[key] = str(value)
    return out


def set_identity(wb: openpyxl.Workbook, changes: dict[str, str], key: bytes | None = None,
                 places: tuple[str, ...] = ("sheet", "properties", "names")) -> dict[str, str]:
    """Apply ``changes`` to the identity; with ``key``, sign the result again (the office's own
    workbook of another cycle, say). A change to ``None`` removes the field. Returns the identity."""
    identity = {**read_identity(wb), **changes}
    identity = {k: v for k, v in identity.items() if v is not None}
    if key is not None:
        identity[SIGNATURE_FIELD] = sign(identity, key)
    if "sheet" in places:
        meta = wb[L.SHEET_META]
        for r in range(L.META_FIRST_ROW, L.META_FIRST_ROW + len(L.IDENTITY_FIELDS)):
            field = meta.cell(r, 1).value
            if field in L.IDENTITY_FIELDS:
                if field in identity:
                    meta.cell(r, 2).value = identity[field]
                else:
                    meta.cell(r, 1).value = meta.cell(r, 2).value = None
    if "properties" in places:
        props = wb.custom_doc_props
        for p in list(props.props):
            field = p.name[len(L.PROPERTY_PREFIX):]
            if p.name.startswith(L.PROPERTY_PREFIX) and field in L.IDENTITY_FIELDS:
                if field in identity:
                    p.value = identity[field]
                else:
                    props.props.remove(p)
    if "names" in places:
        for field in L.IDENTITY_FIELDS:
            name = L.NAME_PREFIX + field
            if name in wb.defined_names:
                if field in identity:
                    wb.defined_names[name].attr_text = '"' + identity[field] + '"'
                else:
                    del wb.defined_names[name]
    return identity
