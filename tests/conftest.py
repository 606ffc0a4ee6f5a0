"""Test setup: no network, offline model hubs, and helpers to find the optional ../shared data."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from eval.servers import free_port, loopback_server

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    """The ../shared data folder (SHOPASSIST_SHARED_DATA wins), read through the config."""
    from assistant.config import load_config

    path = load_config().shared_data
    return path if path.is_absolute() else ROOT / path


def require_shared(relative: str) -> Path:
    """Path of a shared data file, or skip the test with the reason."""
    path = shared_data() / relative
    if not path.exists():
        pytest.skip(f"../shared data not present ({path}); these tests run only beside the shared data sets")
    return path


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch, request):
    """Any connection to a non-loopback address fails fast: tests must never reach the network."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith(("127.", "/")) or host in ("localhost", "::1")):
            raise OSError(f"network access blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def llm_data_dir(tmp_path_factory) -> Path:
    """One data dir per test session for LLM files, so the ~30 s GGUF dequantization runs once."""
    return tmp_path_factory.mktemp("llm-data")


@pytest.fixture(scope="session")
def llama_cpp(tmp_path_factory):
    """llama-cpp-python, once a child process has shown it generates on this CPU. A build that
    crashes here (SIGSEGV/SIGILL in decode) fails the tests that need it with the probe's message
    instead of killing the whole run."""
    import importlib.util

    from assistant.probe import run_probe

    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (scripts/setup.py builds it for this CPU)")
    result = run_probe(("llm",), backend="llamacpp", data_dir=str(tmp_path_factory.mktemp("probe")))
    if not result.ok:
        pytest.fail(f"llama.cpp does not work in this environment: {result.message} Run `.venv/bin/shopassist doctor`.", pytrace=False)
    import llama_cpp

    return llama_cpp


@pytest.fixture(scope="session")
def embedder():
    """The real packaged MiniLM embedder (slow tests only)."""
    from assistant.builders import build_embedder
    from assistant.config import load_config

    return build_embedder(load_config())


@pytest.fixture(scope="session")
def demo(tmp_path_factory, embedder):
    """The demo store indexed once into a persistent Chroma under a temp dir (slow tests only)."""
    from assistant.builders import build_client, run_index
    from assistant.config import load_config

    data_dir = tmp_path_factory.mktemp("demo-store")
    config = load_config(None, [f"paths.data_dir={json.dumps(str(data_dir))}"])
    client = build_client(config)
    report = run_index(config, embedder, client)
    return config, client, report


def demo_cli_options(data_dir: str, profiles: Path | None = None, max_new_tokens: int = 32) -> list[str]:
    """`--set` options that point the command line at the test session's indexed demo store, with short
    answers from llama.cpp and (when given) a profile store of the test's own."""
    values = [f"paths.data_dir={json.dumps(data_dir)}", f"assistant.max_new_tokens={max_new_tokens}", "llm.backend=llamacpp"]
    if profiles is not None:
        values.append(f"assistant.profiles={json.dumps(str(profiles))}")
    return [part for value in values for part in ("--set", value)]


def _postgres_bin(name: str) -> str | None:
    """A PostgreSQL server program: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    import glob
    import shutil

    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    return found


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server (Debian's `postgresql` package) on 127.0.0.1 for the session, in a
    fresh data folder, stopped and removed after. PostgreSQL refuses to run as root, so under root
    it runs as the `postgres` user. Yields the URL of its `postgres` database (trust auth, loopback only)."""
    import importlib.util
    import pwd
    import shutil
    import tempfile

    initdb, postgres = _postgres_bin("initdb"), _postgres_bin("postgres")
    if initdb is None or postgres is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/run installs it)")
    if importlib.util.find_spec("psycopg") is None:
        pytest.skip("the psycopg driver is not installed (a dependency: re-run `make test`)")
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="shopassist-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run the server as")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    try:
        subprocess.run(
            [*as_user, initdb, "-D", str(data), "-U", "shopassist", "-A", "trust", "--no-sync", "-E", "UTF8"],
            capture_output=True,
            check=True,
            timeout=120,
        )
        command = [*as_user, postgres, "-D", str(data), "-p", str(port), "-k", str(folder), "-c", "listen_addresses=127.0.0.1"]
        command += ["-c", "fsync=off", "-c", "full_page_writes=off"]
        with loopback_server(command, port, Path(tempfile.gettempdir()) / f"shopassist-pg-{port}.log", timeout_s=60):
            yield f"postgresql+psycopg://shopassist@127.0.0.1:{port}/postgres"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_databases = iter(range(1, 1_000_000))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def sql_url(request, tmp_path):
    """A fresh, empty database for one test, on each engine the stores support: a SQLite file, and a
    database of its own on the session's PostgreSQL server (dropped after)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    import sqlalchemy as sa

    server = request.getfixturevalue("postgres_server")
    name = f"test_{os.getpid()}_{next(_databases)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as db:
            db.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture()
def chroma_server(tmp_path):
    """A real `chroma run` server on loopback, stopped after the test; yields its port."""
    import shutil
    import sys

    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.skip("the `chroma` command is not installed")
    port = free_port()
    command = [chroma, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)]
    with loopback_server(command, port, tmp_path / "chroma.log", timeout_s=60, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"}):
        yield port


@pytest.fixture(scope="module")
def llama_server(llama_cpp, tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server on loopback, serving the default GGUF; yields its /v1 URL."""
    import sys

    from runtime.model_files import default_gguf

    pytest.importorskip("sse_starlette", reason="the llama.cpp server extra is not installed (pip install 'llama-cpp-python[server]')")
    port = free_port()
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(default_gguf()), "--host", "127.0.0.1", "--port", str(port)]
    command += ["--n_ctx", "2048", "--model_alias", "smollm2"]
    with loopback_server(command, port, tmp_path_factory.mktemp("server") / "server.log"):
        yield f"http://127.0.0.1:{port}/v1"
