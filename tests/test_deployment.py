"""The multi-machine recipe (deploy/stack.toml, README "Deployment") as processes on loopback: a
`chroma run` server, an OpenAI-compatible llama.cpp server, PostgreSQL, then `shopassist index`,
`shopassist ask` and the app itself, all with the recipe's config and only hosts and ports changed.
Nothing stateful is written beside the app: vectors are on the Chroma server, profiles, feedback
and the agents' log in PostgreSQL, and a deleted profile leaves no row there."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from eval.bench_load import Script, run_session
from tests.conftest import ROOT, free_port, loopback_server

pytestmark = pytest.mark.slow
RECIPE = ROOT / "deploy" / "stack.toml"
SHOPASSIST = Path(sys.executable).parent / "shopassist"


@pytest.fixture()
def stack(chroma_server, llama_server, postgres_server, tmp_path):
    """The recipe's `--set` overrides for this test's servers, and its own PostgreSQL database."""
    import sqlalchemy as sa

    name = f"deploy_{os.getpid()}"
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.exec_driver_sql(f"CREATE DATABASE {name}")
    url = postgres_server.rsplit("/", 1)[0] + f"/{name}"
    values = [
        f"store.port={chroma_server}",
        f"llm.base_url={json.dumps(llama_server)}",
        f"assistant.profiles={json.dumps(url)}",
        f"support.records_url={json.dumps(url)}",
        f"paths.data_dir={json.dumps(str(tmp_path / 'app'))}",
        "assistant.max_new_tokens=48",
    ]
    try:
        yield ["--config", str(RECIPE), *[a for v in values for a in ("--set", v)]], url, tmp_path / "app"
    finally:
        with admin.connect() as db:
            db.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def _rows(url: str, user: str) -> tuple[int, int]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as db:
        profiles = db.execute(sa.text("SELECT count(*) FROM profiles WHERE user_id = :u"), {"u": user}).scalar()
        signals = db.execute(sa.text("SELECT count(*) FROM signals WHERE user_id = :u"), {"u": user}).scalar()
    engine.dispose()
    return profiles, signals


def test_the_recipe_runs_on_three_engines(stack):
    import subprocess

    options, url, data_dir = stack
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False"}
    index = subprocess.run([str(SHOPASSIST), *options, "index"], capture_output=True, text=True, env=env, timeout=600, check=False)
    assert index.returncode == 0, index.stderr[-2000:]
    asked = subprocess.run(
        [str(SHOPASSIST), *options, "ask", "running shoes under $120", "--user", "demo-alex", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert asked.returncode == 0, asked.stderr[-2000:]
    answer = json.loads(asked.stdout)
    assert answer["products"] and all(p["price"] <= 120 for p in answer["products"] if p["fits_constraints"])
    assert "did not answer just now" not in answer["text"]  # the model server answered
    assert _rows(url, "demo-alex")[0] == 1  # demo shoppers were seeded into PostgreSQL

    port = free_port()
    command = [sys.executable, str(ROOT / "app.py"), "--port", str(port), *options]
    with loopback_server(command, port, data_dir.parent / "app.log", timeout_s=300, env=env):
        run = run_session(f"http://127.0.0.1:{port}/", Script("deploy01", "zq01x", ("wireless headphones under $100 (ref zq01x)",)), 300)
        assert run.errors == [] and run.leaks() == []
        assert "DS-" in run.answers[0]
        assert _rows(url, "deploy01") == (1, 0)  # the profile the session saved is in PostgreSQL
        from gradio_client import Client

        client = Client(f"http://127.0.0.1:{port}/", headers={"X-Forwarded-User": "deploy01"}, verbose=False)
        client.predict(api_name="/sign_in")
        client.predict(api_name="/delete_profile")
        assert _rows(url, "deploy01") == (0, 0)
    assert not (data_dir / "chroma").exists() and not list(data_dir.glob("*.sqlite"))  # nothing stateful beside the app
