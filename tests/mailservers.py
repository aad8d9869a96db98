"""Real mail servers on 127.0.0.1 for the mail tests: aiosmtpd (SMTP) and Debian's dovecot (IMAP).

Both listen on a free port. The fixtures at the end start each server once per test module
(``smtp_server``, ``smtp_auth_server``, ``dovecot_server``) and give every test a server in a
known state (``smtp``, ``smtp_auth``, ``dovecot``: no messages received, no failure injected,
an empty mailbox whose UIDs start again at 1), so tests stay independent and cheap. One thing
outlives a test: after a failed IMAP login dovecot's anvil delays the next login from 127.0.0.1
by a few seconds (its auth penalty, which neither ``nopenalty`` nor ``login_trusted_networks``
lifts here); tests then pass, only slower, whatever their order.
dovecot runs from a configuration written into a temporary folder (see
docs/engineering.md): its login process refuses to run as root, so the mail and
state folders belong to the ``dovecot`` user.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


# ---------------------------------------------------------------- SMTP (aiosmtpd)

@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


class RecordingHandler:
    """Keeps every accepted message. ``fail`` decides per message: None (accept), an SMTP reply
    string such as "451 4.3.0 try later", or "drop" (close the connection without a reply)."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.fail = None  # callable(n_accepted, envelope) -> None | str

    def reset(self) -> None:
        self.messages.clear()
        self.fail = None

    async def handle_DATA(self, server, session, envelope):
        if self.fail is not None:
            verdict = self.fail(len(self.messages), envelope)
            if verdict == "drop":
                server.transport.close()
                return "421 4.3.0 closing"  # never reaches the client: the transport is gone
            if verdict:
                return verdict
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 Ok: queued"


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler
    controller: object


def start_smtp(auth: tuple[str, str] | None = None) -> SmtpServer:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    handler = RecordingHandler()
    kwargs = {}
    if auth:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (getattr(auth_data, "login", b"") == auth[0].encode()
                  and getattr(auth_data, "password", b"") == auth[1].encode())
            return AuthResult(success=ok, handled=False)

        kwargs = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
    port = free_port()
    with warnings.catch_warnings():  # AUTH without TLS is what these tests want, on 127.0.0.1 only
        warnings.simplefilter("ignore")
        controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return SmtpServer("127.0.0.1", port, handler, controller)


# ---------------------------------------------------------------- IMAP (dovecot)

DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = 100
mail_location = maildir:{base}/mail/%u
mail_uid = dovecot
mail_gid = dovecot
default_internal_user = dovecot
default_login_user = dovenull
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={base}/home/%u
}}
"""


@dataclass
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    base: Path
    counter: list[int] = field(default_factory=lambda: [0])

    @property
    def maildir(self) -> Path:
        return self.base / "mail" / self.user

    def reset(self) -> None:
        """Empty the mailbox and forget its UIDs: dovecot keeps its index and ``dovecot-uidlist``
        inside the maildir, so a fresh maildir starts a new UIDVALIDITY with UID 1. Each IMAP
        session is its own process, so nothing is cached across tests."""
        shutil.rmtree(self.maildir)
        _make_maildir(self.base, self.user)

    def deliver(self, raw: bytes) -> Path:
        """Put a message into the maildir's new/ folder, as a delivery agent would."""
        self.counter[0] += 1
        name = f"{int(time.time())}.M{self.counter[0]}P{os.getpid()}.ctrxltest"
        tmp = self.maildir / "tmp" / name
        tmp.write_bytes(raw)
        dest = self.maildir / "new" / name
        tmp.rename(dest)
        pw = pwd.getpwnam("dovecot")
        os.chown(dest, pw.pw_uid, pw.pw_gid)
        return dest

    def stop(self) -> None:
        pid_file = self.base / "run" / "master.pid"
        if pid_file.is_file():
            pid = int(pid_file.read_text().split()[0])
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                return
            end = time.monotonic() + 10
            while time.monotonic() < end:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return
                time.sleep(0.05)


def dovecot_unavailable() -> str | None:
    if shutil.which("dovecot") is None:
        return "dovecot is not installed (apt-get install dovecot-imapd; .ci/run installs it)"
    try:
        pwd.getpwnam("dovecot")
        pwd.getpwnam("dovenull")
    except KeyError:
        return "the dovecot system users are missing"
    return None


def _make_maildir(base: Path, user: str) -> None:
    pw = pwd.getpwnam("dovecot")
    for sub in ("run", "state", "home", "mail", f"mail/{user}/new", f"mail/{user}/cur", f"mail/{user}/tmp",
                f"home/{user}"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("mail", f"mail/{user}", f"mail/{user}/new", f"mail/{user}/cur", f"mail/{user}/tmp", "home",
                f"home/{user}"):
        os.chown(base / sub, pw.pw_uid, pw.pw_gid)


def start_dovecot(user: str = "thu@example.org", password: str = "mat-khau") -> ImapServer:
    """Start dovecot in a new folder under /tmp (pytest's tmp_path sits under a 0700 folder the
    ``dovecot`` user cannot enter). The caller stops it and removes ``server.base``."""
    reason = dovecot_unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="ctrxl-dovecot-"))
    os.chmod(base, 0o755)
    _make_maildir(base, user)
    port = free_port()
    conf = base / "dovecot.conf"
    conf.write_text(DOVECOT_CONF.format(base=base, port=port, password=password))
    # dovecot daemonises; its children inherit stdout/stderr, so never capture them through a pipe.
    with open(base / "start.log", "wb") as out:
        proc = subprocess.run(["dovecot", "-c", str(conf)], stdin=subprocess.DEVNULL, stdout=out,
                              stderr=subprocess.STDOUT, timeout=30)
    server = ImapServer("127.0.0.1", port, user, password, base)
    if proc.returncode != 0:
        log = (base / "dovecot.log").read_text() if (base / "dovecot.log").exists() else ""
        raise RuntimeError(f"dovecot did not start: {(base / 'start.log').read_text()}\n{log}")
    try:
        wait_port(port)
    except RuntimeError:
        server.stop()
        log = (base / "dovecot.log").read_text() if (base / "dovecot.log").exists() else ""
        raise RuntimeError(f"dovecot does not listen: {log}") from None
    return server


# ---------------------------------------------------------------- fixtures (import them into a test module)

@pytest.fixture(scope="module")
def smtp_server():
    server = start_smtp()
    yield server
    server.controller.stop()


@pytest.fixture
def smtp(smtp_server):
    """The module's SMTP server, with nothing received and no failure injected."""
    smtp_server.handler.reset()
    yield smtp_server
    smtp_server.handler.reset()


SMTP_LOGIN = ("btctu@example.org", "dung-mat-khau")


@pytest.fixture(scope="module")
def smtp_auth_server():
    server = start_smtp(auth=SMTP_LOGIN)
    yield server
    server.controller.stop()


@pytest.fixture
def smtp_auth(smtp_auth_server):
    """The module's SMTP server that requires the login ``SMTP_LOGIN``, in a known state."""
    smtp_auth_server.handler.reset()
    yield smtp_auth_server
    smtp_auth_server.handler.reset()


@pytest.fixture(scope="module")
def dovecot_server():
    server = start_dovecot()
    yield server
    server.stop()
    shutil.rmtree(server.base, ignore_errors=True)


@pytest.fixture
def dovecot(dovecot_server):
    """The module's IMAP server with an empty mailbox (UIDs from 1)."""
    dovecot_server.reset()
    return dovecot_server
