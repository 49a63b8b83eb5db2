"""A private PostgreSQL server for tests that stop and start it: its own data folder in a
temporary directory and its own free port, so the shared server on 5432 is never touched.

initdb and the server refuse to run as root, so as root they run as the ``postgres``
OS user (``runuser``); any other user runs them as itself.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class Unavailable(RuntimeError):
    """PostgreSQL's server programs cannot be run here (the reason says why)."""


def server_programs() -> Path:
    """The folder holding initdb and pg_ctl: PG_BINDIR, Debian's newest, or the PATH."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True)
    if found := shutil.which("initdb"):
        candidates.append(str(Path(found).parent))
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    raise Unavailable("PostgreSQL's initdb and pg_ctl are not installed (Debian: postgresql; or set PG_BINDIR)")


def _run_as() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise Unavailable("running as root, and there is no postgres OS user to run the server as") from None
    if not shutil.which("runuser"):
        raise Unavailable("running as root, and runuser is not installed to run the server as postgres")
    return ["runuser", "-u", "postgres", "--"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivatePostgres:
    """``with PrivatePostgres() as pg:`` a running server at ``pg.url``; ``stop()`` and ``start()``
    it at will; on leaving, it is stopped and its folder removed, whatever happened."""

    def __init__(self) -> None:
        self.bindir = server_programs()
        self.prefix = _run_as()
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="feedback-pg-"))
        self.data = self.root / "data"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, str(self.bindir / program), *args], capture_output=True, text=True,
                              timeout=60, check=check, cwd=self.root)

    def __enter__(self) -> PrivatePostgres:
        try:
            if self.prefix:
                shutil.chown(self.root, user="postgres", group="postgres")
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                      "--locale=C", "--no-sync", "--no-instructions")
            self.start()
        except BaseException as error:
            self.cleanup()
            if isinstance(error, subprocess.CalledProcessError):
                raise RuntimeError(f"{error.cmd[len(self.prefix)]} failed: {error.stderr or error.stdout}") from error
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.cleanup()

    def start(self) -> None:
        # Its socket in its own folder, only 127.0.0.1, and no fsync: a throwaway server that still
        # keeps every commit through an immediate stop (a crash of the server, not of the machine).
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options,
                  "-w", "-t", "30", "start")

    def stop(self, mode: str = "immediate") -> None:
        """``immediate``: the server dies at once, as in a crash; every connection is cut."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def log(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")
        except OSError:
            return ""

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)
