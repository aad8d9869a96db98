"""The workspace secret and the identity signature: a workbook's identity cannot be forged.

The identity a workbook carries (programme, definition hash, cycle, agency, layout, content
digest) is computed by a public algorithm, so anyone holding one agency's workbook could
rewrite it to another agency's. ``generate`` therefore signs it with an HMAC-SHA256 keyed by
a secret that only this workspace knows, and ``collect`` checks the signature.

The secret is 32 random bytes, hex, in ``.ctrxl/secret`` (mode 0600) inside the workspace:
outside ``ctrxl.toml`` and the definition files (which are shared and versioned) and outside
every workbook and message. It is created by ``ctrxl init`` or by the first ``generate`` of
an older workspace, never printed, never in ``--json``. A workspace without the file (nothing
generated since signing existed) verifies nothing: its workbooks carry no signature.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from pathlib import Path

SECRET_DIR = ".ctrxl"
SECRET_NAME = "secret"
SIGNATURE_FIELD = "signature"
_SCHEME = "v1:"  # lets a later scheme coexist with workbooks already sent


def secret_path(root: Path) -> Path:
    return root / SECRET_DIR / SECRET_NAME


def load_secret(root: Path) -> bytes | None:
    """The workspace's key, or None when it has none (signing not yet used here)."""
    try:
        text = secret_path(root).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    return bytes.fromhex(text)


def ensure_secret(root: Path) -> bytes:
    """The workspace's key, created (owner-only, atomically) if it does not exist yet."""
    existing = load_secret(root)
    if existing is not None:
        return existing
    folder = root / SECRET_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = folder / f".{SECRET_NAME}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex() + "\n")
    try:
        os.link(tmp, secret_path(root))  # never replaces a key another process wrote meanwhile
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    key_now = load_secret(root)
    assert key_now is not None
    return key_now


def _canonical(identity: dict[str, str]) -> bytes:
    fields = {k: unicodedata.normalize("NFC", str(v)) for k, v in identity.items() if k != SIGNATURE_FIELD}
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sign(identity: dict[str, str], key: bytes) -> str:
    """The signature of every identity field but the signature itself."""
    return _SCHEME + hmac.new(key, _canonical(identity), hashlib.sha256).hexdigest()


def verify(identity: dict[str, str], key: bytes) -> bool:
    found = identity.get(SIGNATURE_FIELD, "")
    return bool(found) and hmac.compare_digest(found.strip(), sign(identity, key))


__all__ = ["SIGNATURE_FIELD", "ensure_secret", "load_secret", "secret_path", "sign", "verify"]
