"""An SMTP session that reconnects, retries transient failures with backoff, and speaks Vietnamese.

Failures fall in three kinds:
- *fatal* for the whole run (unknown host, refused connection on the first try, TLS failure,
  refused login): ``CtrxlError`` with a clear message — every other message would fail alike;
- *permanent* for one message (5xx: recipient or content refused): ``MessageRefused``, the run
  goes on with the next agency;
- *transient* (4xx, connection reset or dropped, timeout): reconnect and retry after
  ``backoff``, ``2×backoff``, …; when the retries run out, ``TransientFailure`` and the caller
  stops the run so that a later rerun resumes it.
"""
from __future__ import annotations

import base64
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage

from ..errors import CtrxlError
from .settings import DEFAULT_PORTS, PasswordSource, SmtpSettings


class MessageRefused(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class TransientFailure(Exception):
    def __init__(self, detail: str, attempts: int):
        super().__init__(detail)
        self.detail = detail
        self.attempts = attempts


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
    return f"{exc.smtp_code} {text}".strip()


def connection_error(settings, exc: BaseException) -> CtrxlError:
    """Turn a socket/TLS failure while connecting into the user's message (SMTP and IMAP)."""
    common = {"host": settings.host, "port": settings.port, "what": settings.what}
    if isinstance(exc, socket.gaierror):
        return CtrxlError("mail.host_unknown", host=settings.host, what=settings.what)
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        ports = DEFAULT_PORTS[settings.what.lower()]
        return CtrxlError("mail.tls_failed", key=settings.security_key, ssl_port=ports["ssl"],
                          starttls_port=ports["starttls"], detail=getattr(exc, "reason", None) or str(exc), **common)
    if isinstance(exc, ConnectionRefusedError):
        return CtrxlError("mail.connect_failed", detail="máy chủ từ chối kết nối / connection refused", **common)
    if isinstance(exc, TimeoutError | socket.timeout):
        return CtrxlError("mail.connect_failed", detail="hết thời gian chờ / timed out", **common)
    return CtrxlError("mail.connect_failed", detail=str(exc) or type(exc).__name__, **common)


class SmtpSession:
    def __init__(self, settings: SmtpSettings, password: PasswordSource | None,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.password_source = password
        self.sleep = sleep
        self.conn: smtplib.SMTP | None = None
        self._password: str | None = None
        self.connected_once = False

    # -- connection
    def connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        try:
            if s.security == "ssl":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            conn.ehlo()
            if s.security == "starttls":
                if not conn.has_extn("starttls"):
                    conn.close()
                    raise CtrxlError("mail.starttls_unsupported", host=s.host, port=s.port, what=s.what,
                                     key=s.security_key)
                conn.starttls(context=context)
                conn.ehlo()
        except CtrxlError:
            raise
        except smtplib.SMTPResponseException as exc:
            raise CtrxlError("mail.server_error", host=s.host, what=s.what, detail=_reply(exc)) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise connection_error(s, exc) from None
        if s.user:
            if self._password is None:
                if self.password_source is None:
                    raise CtrxlError("mail.no_password", user=s.user, host=s.host, env=s.password_env)
                self._password = self.password_source(s)
            try:
                _login(conn, s.user, self._password)
            except smtplib.SMTPAuthenticationError as exc:
                conn.close()
                raise CtrxlError("mail.login_refused", host=s.host, what=s.what, user=s.user, env=s.password_env,
                                 detail=_reply(exc)) from None
            except smtplib.SMTPNotSupportedError:
                conn.close()
                raise CtrxlError("mail.login_refused", host=s.host, what=s.what, user=s.user, env=s.password_env,
                                 detail="máy chủ không hỗ trợ đăng nhập (AUTH) / the server offers no AUTH") from None
        self.connected_once = True
        return conn

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (OSError, smtplib.SMTPException):
                self.conn.close()
            self.conn = None

    def _drop(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
            self.conn = None

    # -- sending
    def send(self, msg: EmailMessage, sender: str, recipients: list[str]) -> tuple[int, dict[str, str]]:
        """Send one message; returns (attempts, refused recipients). Raises as the module doc says."""
        attempts = 0
        wait = self.settings.backoff
        while True:
            attempts += 1
            try:
                if self.conn is None:
                    try:
                        self.conn = self.connect()
                    except CtrxlError as exc:
                        # A server that went away mid-run is transient; on the first connection it is fatal.
                        if self.connected_once and exc.key == "mail.connect_failed":
                            raise ConnectionError(exc.message()) from None
                        raise
                refused = self.conn.send_message(msg, from_addr=sender, to_addrs=recipients)
                return attempts, {k: _reply_tuple(v) for k, v in refused.items()}
            except smtplib.SMTPRecipientsRefused as exc:
                details = {k: _reply_tuple(v) for k, v in exc.recipients.items()}
                if all(400 <= code < 500 for code, _ in exc.recipients.values()):
                    detail = "; ".join(f"{k}: {v}" for k, v in details.items())
                    self._drop()
                else:
                    self._reset()
                    raise MessageRefused("; ".join(f"{k}: {v}" for k, v in details.items())) from None
            except smtplib.SMTPResponseException as exc:
                detail = _reply(exc)
                if not 400 <= exc.smtp_code < 500:
                    self._reset()
                    raise MessageRefused(detail) from None
                self._drop()
            except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as exc:
                detail = str(exc) or type(exc).__name__
                self._drop()
            if attempts > self.settings.retries:
                raise TransientFailure(detail, attempts)
            self.sleep(wait)
            wait *= 2

    def _reset(self) -> None:
        """After a refused message, put the session back in a clean state (or drop it)."""
        if self.conn is not None:
            try:
                self.conn.rset()
            except (OSError, smtplib.SMTPException):
                self._drop()


def _login(conn: smtplib.SMTP, user: str, password: str) -> None:
    """``SMTP.login``, except that a non-ASCII user or password (smtplib can only send ASCII)
    goes as AUTH PLAIN in UTF-8, as RFC 4954 and SASLprep intend."""
    if (user + password).isascii():
        conn.login(user, password)
        return
    if "plain" not in conn.esmtp_features.get("auth", "").lower().split():
        raise smtplib.SMTPAuthenticationError(504, b"AUTH PLAIN is needed for a non-ASCII password")
    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, reply = conn.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _reply_tuple(value) -> str:
    code, text = value
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {text}"
