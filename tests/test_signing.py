"""Signed identity: a workbook's hidden identity cannot be rewritten to another agency's."""
from __future__ import annotations

import json
import stat
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ctrxl.cli import cli
from ctrxl.signing import SIGNATURE_FIELD, load_secret, secret_path, sign, verify
from ctrxl.workspace import init_workspace

from .identity import read_identity, set_identity
from .libreoffice import convert
from .test_collect import edit, filled


def run(ws: Path, *args: str):
    return CliRunner().invoke(cli, ["-w", str(ws), *args])


@pytest.fixture
def cycle(mini_ws):
    result = run(mini_ws, "generate", "--json")
    assert result.exit_code == 0, result.output
    return mini_ws, {w["agency"]: Path(w["path"]) for w in json.loads(result.output)["workbooks"]}


def collect(ws: Path, *paths: Path) -> list[dict]:
    result = run(ws, "collect", "--json", *map(str, paths))
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["files"]


def codes(entry: dict) -> set[str]:
    return {i["code"] for i in entry["issues"]}


def test_first_generate_creates_an_owner_only_secret(cycle):
    ws, paths = cycle
    key = load_secret(ws)
    assert key is not None and len(key) == 32
    assert stat.S_IMODE(secret_path(ws).stat().st_mode) == 0o600
    wb = openpyxl.load_workbook(paths["BTCTU"])
    identity = read_identity(wb)
    assert identity[SIGNATURE_FIELD].startswith("v1:") and verify(identity, key)
    again = run(ws, "generate", "--json")  # the key is kept: the same workbooks again
    assert again.exit_code == 0 and load_secret(ws) == key
    assert read_identity(openpyxl.load_workbook(paths["BTCTU"])) == identity


def test_init_creates_the_secret(tmp_path):
    ws = init_workspace(tmp_path / "ws")
    assert load_secret(ws.root) is not None
    assert stat.S_IMODE(secret_path(ws.root).stat().st_mode) == 0o600


@pytest.mark.parametrize("places", [("sheet",), ("sheet", "properties", "names")])
def test_forged_identity_is_quarantined(cycle, tmp_path, places):
    """An agency rewrites its own workbook's hidden identity to another agency's code and digest
    (both public algorithms); without the workspace secret the signature cannot follow."""
    ws, paths = cycle
    victim = read_identity(openpyxl.load_workbook(paths["DU-P-HC"]))
    forged = filled(paths["BTCTU"], tmp_path / "gia mao.xlsx")
    edit(forged, lambda wb: set_identity(wb, {"agency": victim["agency"],
                                              "content_digest": victim["content_digest"]}, places=places))
    [entry] = collect(ws, forged)
    assert entry["outcome"] == "quarantined" and "col.bad_signature" in codes(entry)
    assert entry.get("agency") in (None, "")  # nothing is recorded against the agency it claims
    issue = next(i for i in entry["issues"] if i["code"] == "col.bad_signature")
    assert "không sửa sheet ẩn" in issue["hint"]


def test_forger_signing_with_a_guessed_key_is_quarantined(cycle, tmp_path):
    ws, paths = cycle
    victim = read_identity(openpyxl.load_workbook(paths["DU-P-HC"]))
    forged = filled(paths["BTCTU"], tmp_path / "gia mao.xlsx")
    edit(forged, lambda wb: set_identity(wb, {"agency": victim["agency"], "content_digest": victim["content_digest"]},
                                         key=b"\0" * 32))
    [entry] = collect(ws, forged)
    assert entry["outcome"] == "quarantined" and "col.bad_signature" in codes(entry)


def test_removed_signature_is_quarantined(cycle, tmp_path):
    ws, paths = cycle
    stripped = filled(paths["BTCTU"], tmp_path / "khong chu ky.xlsx")
    edit(stripped, lambda wb: set_identity(wb, {SIGNATURE_FIELD: None}))
    [entry] = collect(ws, stripped)
    assert entry["outcome"] == "quarantined" and "col.unsigned" in codes(entry)


def test_genuine_workbook_verifies(cycle, tmp_path):
    ws, paths = cycle
    [entry] = collect(ws, filled(paths["BTCTU"], tmp_path / "that.xlsx"))
    assert entry["outcome"] in ("accepted", "warnings"), entry
    assert not codes(entry) & {"col.bad_signature", "col.unsigned"}


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_libreoffice_resave_still_verifies(cycle, tmp_path, fmt):
    ws, paths = cycle
    resaved = convert(filled(paths["BTCTU"], tmp_path / "that.xlsx"), fmt, tmp_path / fmt)
    [entry] = collect(ws, resaved)
    assert entry["outcome"] in ("accepted", "warnings"), entry
    assert not codes(entry) & {"col.bad_signature", "col.unsigned", "col.identity_conflict"}


def test_workspace_without_secret_checks_nothing(cycle, tmp_path):
    """A workspace that never signed (no .ctrxl/secret): unsigned workbooks are taken as before."""
    ws, paths = cycle
    old = filled(paths["BTCTU"], tmp_path / "cu.xlsx")
    edit(old, lambda wb: set_identity(wb, {SIGNATURE_FIELD: None}))
    secret_path(ws).unlink()
    [entry] = collect(ws, old)
    assert entry["outcome"] in ("accepted", "warnings"), entry


def test_identity_lost_is_still_identified_by_name(cycle, tmp_path):
    ws, paths = cycle
    bare = filled(paths["BTCTU"], tmp_path / "mat nhan dang.xlsx")

    def wipe(wb):
        set_identity(wb, {k: None for k in read_identity(wb)})

    edit(bare, wipe)
    [entry] = collect(ws, bare)
    assert "col.identified_by_name" in codes(entry)
    assert not codes(entry) & {"col.bad_signature", "col.unsigned"}


def test_secret_is_in_no_file_and_no_output(cycle, tmp_path):
    ws, paths = cycle
    key = load_secret(ws)
    assert key is not None
    needles = [key, key.hex().encode(), key.hex().upper().encode()]
    sent = run(ws, "send", "--dry-run", "--json")
    assert sent.exit_code in (0, 1) and json.loads(sent.output)["dry_run_files"] >= 1, sent.output  # 1: an agency without address
    [entry] = collect(ws, filled(paths["BTCTU"], ws / "inbox" / "a.xlsx"))
    outputs = [sent.output, run(ws, "generate", "--json").output, run(ws, "collect", "--json").output]
    for text in outputs:
        assert not any(n.decode("latin-1") in text for n in needles)
    files = [p for p in ws.rglob("*") if p.is_file() and p != secret_path(ws)]
    assert any(p.suffix == ".eml" for p in files) and any(p.suffix == ".xlsx" for p in files)
    for p in files:
        data = p.read_bytes()
        assert not any(n in data for n in needles), p
    # the signature in the workbooks is an HMAC, not the key: it verifies only with the key
    identity = read_identity(openpyxl.load_workbook(paths["BTCTU"]))
    assert identity[SIGNATURE_FIELD] == sign(identity, key) != sign(identity, b"x" * 32)
