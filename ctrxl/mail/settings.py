"""The [mail] table of ctrxl.toml, and passwords (never from a file).

A password comes from the environment variable the table names
(``password_env`` for SMTP, ``imap_password_env`` for IMAP) or, when a person is
at a terminal, from a hidden prompt. Without a terminal and without the variable
the command stops with a clear error instead of waiting for input that never comes.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import CtrxlError

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"smtp": {"ssl": 465, "starttls": 587, "none": 25}, "imap": {"ssl": 993, "starttls": 143, "none": 143}}


@dataclass
class ServerSettings:
    what: str  # "SMTP" | "IMAP", for messages
    host: str
    port: int
    security: str  # starttls | ssl | none
    user: str
    password_env: str
    security_key: str  # the ctrxl.toml key, for messages
    timeout: float = 30.0

    @property
    def account(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"


@dataclass
class SmtpSettings(ServerSettings):
    sender: str = ""
    throttle: float = 2.0  # seconds between two messages; providers limit the rate
    retries: int = 3  # extra attempts after a transient failure
    backoff: float = 5.0  # first wait before a retry, doubled each time


@dataclass
class ImapSettings(ServerSettings):
    mailbox: str = "INBOX"


def _table(ws) -> dict[str, Any]:
    table = ws.config.get("mail", {})
    return table if isinstance(table, dict) else {}


def _security(table: dict, key: str, default: str) -> str:
    value = str(table.get(key) or default).strip().lower()
    if value not in SECURITY:
        raise CtrxlError("mail.bad_security", key=key, value=value)
    return value


def _number(table: dict, key: str, default: float, cast=float):
    value = table.get(key, default)
    try:
        return cast(value)
    except (TypeError, ValueError):
        raise CtrxlError("cli.bad_config_value", path="ctrxl.toml", key=f"mail.{key}",
                         detail=f"«{value}» không phải số / not a number") from None


def smtp_settings(ws) -> SmtpSettings:
    t = _table(ws)
    security = _security(t, "smtp_security", "starttls")
    return SmtpSettings(
        what="SMTP",
        host=str(t.get("smtp_host") or "").strip(),
        port=_number(t, "smtp_port", DEFAULT_PORTS["smtp"][security], int),
        security=security,
        user=str(t.get("smtp_user") or "").strip(),
        password_env=str(t.get("password_env") or "CTRXL_SMTP_PASSWORD"),
        security_key="smtp_security",
        timeout=_number(t, "timeout_seconds", 30.0),
        sender=str(t.get("from") or "").strip(),
        throttle=_number(t, "throttle_seconds", 2.0),
        retries=_number(t, "retries", 3, int),
        backoff=_number(t, "retry_backoff_seconds", 5.0),
    )


def imap_settings(ws) -> ImapSettings:
    t = _table(ws)
    security = _security(t, "imap_security", "ssl")
    return ImapSettings(
        what="IMAP",
        host=str(t.get("imap_host") or "").strip(),
        port=_number(t, "imap_port", DEFAULT_PORTS["imap"][security], int),
        security=security,
        user=str(t.get("imap_user") or t.get("smtp_user") or "").strip(),
        password_env=str(t.get("imap_password_env") or "CTRXL_IMAP_PASSWORD"),
        security_key="imap_security",
        timeout=_number(t, "timeout_seconds", 30.0),
        mailbox=str(t.get("imap_mailbox") or "INBOX"),
    )


def require(settings: ServerSettings, prefix: str) -> None:
    """Live connections need a host (and IMAP a user)."""
    if not settings.host:
        raise CtrxlError("mail.no_setting", key=f"{prefix}_host")
    if prefix == "imap" and not settings.user:
        raise CtrxlError("mail.no_setting", key="imap_user")


PasswordSource = Callable[[ServerSettings], str]


def password_from_env_or_prompt(lang: str | None = None, interactive: bool | None = None) -> PasswordSource:
    """The password source the CLI uses: the environment variable, else a hidden prompt on a terminal."""

    def source(settings: ServerSettings) -> str:
        value = os.environ.get(settings.password_env)
        if value:
            return value
        tty = sys.stdin.isatty() if interactive is None else interactive
        if not tty:
            raise CtrxlError("mail.no_password", user=settings.user, host=settings.host, env=settings.password_env)
        import click

        from ..messages import msg

        return click.prompt(msg("mail.password_prompt", lang, user=settings.user, host=settings.host),
                            hide_input=True)

    return source
