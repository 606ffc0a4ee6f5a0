"""Load and isolation through the real Gradio queue: 16 shopper sessions × 10 turns at once, each
signed in as its own account (the reverse-proxy header), with a planted marker in its profile and
messages. No errors, bounded latency, no chat, profile or prompt of one session in another, and
three sessions' answers the same when replayed alone afterwards (so their product lists were their
own; replaying all 16 would double the test's time).
The model is a scripted fake that records every prompt; `python -m eval.bench_load` runs the same
load on the real model (README, "Load and isolation")."""

from __future__ import annotations

import json

import pytest

from eval.bench_load import MARKER, replay_differences, run_load, scripts
from tests.conftest import free_port
from tests.fakes import HashEmbedder, ScriptedGenerator

pytestmark = pytest.mark.slow
SESSIONS, TURNS = 16, 10


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app on loopback (in this process), header accounts, a scripted model."""
    from app import build_app
    from assistant.builders import build_client
    from assistant.config import load_config
    from assistant.profiles import SQLProfileStore

    data = tmp_path_factory.mktemp("load")
    config = load_config(None, [f"paths.data_dir={json.dumps(str(data))}", 'app.auth="header"'])

    def reply(messages) -> str:  # names the marker of the message it answers, so a crossed reply would show
        found = MARKER.findall(messages[-1].content)
        return f"Here is what fits ({found[-1] if found else 'no marker'})."

    generator = ScriptedGenerator(reply)
    profiles = SQLProfileStore(f"sqlite:///{data / 'profiles.sqlite'}")
    app, css = build_app(config, HashEmbedder(), build_client(config), generator, profiles)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, show_error=False, css=css, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", generator
    finally:
        app.close()


def test_sixteen_sessions_at_once_keep_to_themselves(served):
    url, generator = served
    plan = scripts(SESSIONS, TURNS)
    result = run_load(url, plan, timeout_s=60)
    assert result["turns"] == SESSIONS * TURNS
    assert result["errors"] == 0, result["error_examples"]
    assert result["leaks"] == []
    assert result["p95_ms"] < 10_000  # bounded: no session waits on another's hung turn
    assert all(len(r.answers) == TURNS for r in result["runs"])
    assert all(r.script.marker in json.dumps(r.profile) for r in result["runs"])  # the check looked at a real profile
    crossed = [sorted(set(MARKER.findall(" ".join(m.content for m in prompt)))) for prompt in generator.prompts]
    assert len(generator.prompts) >= SESSIONS  # the model was asked, so the prompt check has something to check
    assert [markers for markers in crossed if len(markers) > 1] == []  # no prompt mixes two sessions' text
    assert replay_differences(url, result["runs"][:3], timeout_s=60) == []  # three sessions replayed alone answer alike


def test_the_leak_check_can_fail(served):
    url, _ = served
    [run] = run_load(url, scripts(1, 2, prefix="solo"), timeout_s=60)["runs"]
    assert run.leaks() == []
    run.answers.append("see also zq07x's pick")  # another session's marker on this one's screen
    run.profile["profile"]["liked_brands"] = ["zq03xbrand"]
    leaks = run.leaks()
    assert any("transcript shows zq07x" in x for x in leaks) and any("profile shows zq03x" in x for x in leaks)
