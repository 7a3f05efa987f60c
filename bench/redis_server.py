"""A throwaway Redis for tests and bench/scaleout.py: Debian's redis-server on a free port of 127.0.0.1, in a
folder of its own, keeping nothing on disk, stopped (and its folder removed) on the way out. .ci/run starts the
suite's Redis the same way."""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

HOST = "127.0.0.1"


def redis_server_binary() -> str | None:
    return shutil.which("redis-server") or next(
        (str(path) for path in [Path("/usr/bin/redis-server")] if path.exists()), None
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="redis-test-"))
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [redis_server_binary(), "--bind", HOST, "--port", str(self.port), "--dir", str(self.folder),
             "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", str(self.folder / "log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not start on {HOST}:{self.port}")
            time.sleep(0.05)
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection((HOST, self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def flush(self) -> None:
        """Empty it (FLUSHALL), as a curator's change makes every cached page stale."""
        with socket.create_connection((HOST, self.port), timeout=5) as connection:
            connection.sendall(b"FLUSHALL\r\n")
            if not connection.recv(16).startswith(b"+OK"):
                raise RuntimeError(f"redis-server on {HOST}:{self.port} did not empty")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
