"""Real servers for the tests, on 127.0.0.1 only: an S3 server (moto's server mode) and a
Ray cluster of two nodes (two ``ray start`` processes, as on two machines).

Each is a context manager that starts its processes and always stops them, whatever
happened in between; the fixtures in the test modules wrap them. Nothing here talks to any
address but the loopback one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listened on {LOOPBACK}:{port} after {timeout:.0f} s")


def _die_with_us() -> None:
    """In a server's process, before it starts: Linux kills it if the test process dies
    without stopping it (killed by a signal, say), so no server outlives the tests."""
    from textwash.engines.local import die_with_parent

    die_with_parent()


def _stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# -- S3 ------------------------------------------------------------------------------------------


#: What makes every AWS client in this process, and in the processes it starts, use the test
#: server with test credentials, and never read this machine's AWS configuration.
def s3_environment(endpoint: str) -> dict[str, str]:
    return {
        "AWS_ENDPOINT_URL_S3": endpoint,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


@dataclass
class S3Server:
    """moto's S3 server in a process of its own."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def endpoint(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def environment(self) -> dict[str, str]:
        return s3_environment(self.endpoint)

    def reset(self) -> None:
        """Forget every bucket and object (moto's reset call)."""
        import urllib.request

        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=10):
            pass


@contextlib.contextmanager
def s3_server(workdir: Path) -> Iterator[S3Server]:
    port = free_port()
    log = workdir / "moto.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", LOOPBACK, "-p", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_us,
        )
    try:
        wait_for_port(port, process)
        yield S3Server(port, process, log)
    finally:
        _stop(process)


@contextlib.contextmanager
def s3_clients_of(server: S3Server) -> Iterator[S3Server]:
    """``server`` as the S3 that this process's clients (s3fs) talk to, for as long as the
    block lasts: its endpoint and credentials in the environment, s3fs's cached clients
    dropped on the way in and out."""
    import pytest
    import s3fs

    patch = pytest.MonkeyPatch()
    for key, value in server.environment.items():
        patch.setenv(key, value)
    s3fs.S3FileSystem.clear_instance_cache()
    try:
        yield server
    finally:
        patch.undo()
        s3fs.S3FileSystem.clear_instance_cache()


# -- Ray -----------------------------------------------------------------------------------------

#: ``ray start`` on one machine acting as two: every node advertises the loopback address
#: (else Ray picks the machine's other address and the second node cannot join), and the
#: cluster runs without the token Ray otherwise asks of nodes that join.
RAY_ENVIRONMENT = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


@dataclass
class RayNode:
    """One ``ray start --block`` process, the leader of its own session: stopping the node
    ends every process of that session (its raylet, object store and workers), found by
    session id, and nothing else on the machine."""

    name: str
    temp_dir: Path
    process: subprocess.Popen[bytes] | None = None

    def kill(self, sig: signal.Signals = signal.SIGKILL) -> None:
        if self.process is None:
            return
        for pid in _session_members(self.process.pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)

    def running(self, function: str) -> int:
        """How many of this node's workers are running a task of ``function`` now (Ray
        titles a worker process ``ray::NAME`` while it runs a task of NAME)."""
        if self.process is None:
            return 0
        count = 0
        for pid in _session_members(self.process.pid):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    title = f.read().split(b"\0")[0].decode(errors="replace")
            except OSError:
                continue
            count += title.startswith(f"ray::{function}")
        return count

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM (``ray start --block`` then stops what it started), SIGKILL what is left."""
        if self.process is None:
            return
        self.kill(signal.SIGTERM)
        deadline = time.monotonic() + grace
        while _session_members(self.process.pid) and time.monotonic() < deadline:
            self.process.poll()
            time.sleep(0.2)
        self.kill(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)


def _session_members(sid: int) -> list[int]:
    """The processes of session ``sid`` still running (zombies left out)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != b"Z":
            members.append(int(entry))
    return members


@dataclass
class RayCluster:
    """A head node and a second node, each its own ``ray start`` with its own temp dir."""

    address: str
    environment: dict[str, str]
    head: RayNode
    worker: RayNode
    log: Path


def _alive_nodes(address: str, env: dict[str, str]) -> int:
    """How many nodes the cluster counts alive; 0 while its head cannot answer yet (its
    port opens before its control store serves: on a busy machine a first ``ray.init``
    can fail or hang), so that the caller asks again until its own deadline."""
    script = (
        f"import ray; ray.init(address={address!r}, logging_level='ERROR'); "
        "print(sum(1 for n in ray.nodes() if n['Alive']))"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, timeout=120, check=True
        )
        return int(out.stdout.decode().strip().splitlines()[-1])
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, ValueError, IndexError):
        return 0


def _start_node(ray: Path, node: RayNode, args: list[str], env: dict[str, str], log: Path) -> None:
    with open(log, "ab") as sink:
        node.process = subprocess.Popen(
            [str(ray), "start", "--block", "--temp-dir", str(node.temp_dir), *args],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_us,
        )


@contextlib.contextmanager
def ray_cluster(
    workdir: Path, *, cpus_per_node: int = 1, env: dict[str, str] | None = None
) -> Iterator[RayCluster]:
    """Start the head, then the second node joining it; stop both at the end, always.

    Each node gets ``cpus_per_node`` CPUs, so that a cluster of two on a two-core machine
    has to use both nodes to run two tasks at once. ``env`` is added to the nodes'
    environment (their workers inherit it: an S3 server's address, say). Temp dirs are short paths under /tmp
    (Ray's socket paths must stay under 107 bytes).
    """
    ray = Path(sys.executable).with_name("ray")
    if not ray.exists():
        raise FileNotFoundError(f"no ray command beside {sys.executable}")
    port = free_port()
    address = f"{LOOPBACK}:{port}"
    env = {**os.environ, **(env or {}), **RAY_ENVIRONMENT}
    head = RayNode("head", Path(tempfile.mkdtemp(prefix="rh", dir="/tmp")))
    worker = RayNode("worker", Path(tempfile.mkdtemp(prefix="rw", dir="/tmp")))
    log = workdir / "ray.log"
    common = ["--node-ip-address", LOOPBACK, "--num-cpus", str(cpus_per_node)]
    try:
        head_args = ["--head", "--port", str(port), "--include-dashboard=false", *common]
        _start_node(ray, head, head_args, env, log)
        assert head.process is not None
        wait_for_port(port, head.process, timeout=120)
        _start_node(ray, worker, ["--address", address, *common], env, log)
        deadline = time.monotonic() + 240
        while _alive_nodes(address, env) < 2:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the second Ray node did not join (see {log})")
            time.sleep(1)
        yield RayCluster(address, env, head, worker, log)
    finally:
        for node in (worker, head):
            node.stop()
        for node in (head, worker):
            shutil.rmtree(node.temp_dir, ignore_errors=True)
