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

from ..config import SECURITY, MailConfig
from ..errors import CtrxlError

__all__ = ["SECURITY", "ImapSettings", "SmtpSettings", "imap_settings", "smtp_settings"]
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


def _port(value: int | None, kind: str, security: str) -> int:
    return value if value is not None else DEFAULT_PORTS[kind][security]


def smtp_settings(mail: MailConfig) -> SmtpSettings:
    """The SMTP side of ``[mail]`` (validated when ctrxl.toml was read)."""
    return SmtpSettings(
        what="SMTP", host=mail.smtp_host, port=_port(mail.smtp_port, "smtp", mail.smtp_security),
        security=mail.smtp_security, user=mail.smtp_user, password_env=mail.password_env or "CTRXL_SMTP_PASSWORD",
        security_key="smtp_security", timeout=mail.timeout_seconds, sender=mail.sender,
        throttle=mail.throttle_seconds, retries=mail.retries, backoff=mail.retry_backoff_seconds,
    )


def imap_settings(mail: MailConfig) -> ImapSettings:
    """The IMAP side of ``[mail]``; the IMAP user defaults to the SMTP user."""
    return ImapSettings(
        what="IMAP", host=mail.imap_host, port=_port(mail.imap_port, "imap", mail.imap_security),
        security=mail.imap_security, user=mail.imap_user or mail.smtp_user,
        password_env=mail.imap_password_env or "CTRXL_IMAP_PASSWORD", security_key="imap_security",
        timeout=mail.timeout_seconds, mailbox=mail.imap_mailbox or "INBOX",
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
