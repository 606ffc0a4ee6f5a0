"""app.py wiring with fakes: the demo store is synced, both tabs are laid out, and bad config is a
one-line error before anything starts."""

from __future__ import annotations

import json

import gradio as gr

from app import build_app, main
from assistant.builders import build_client
from assistant.config import load_config
from assistant.profiles import SQLProfileStore
from tests.fakes import HashEmbedder, ScriptedGenerator


def test_build_app_syncs_the_demo_store_and_lays_out_the_tabs(tmp_path):
    config = load_config(None, [f"paths.data_dir={json.dumps(str(tmp_path))}"])
    profiles = SQLProfileStore()
    app, _ = build_app(config, HashEmbedder(), build_client(config), ScriptedGenerator("Hello."), profiles)
    tabs = [block.label for block in app.blocks.values() if isinstance(block, gr.Tab)]
    assert isinstance(app, gr.Blocks) and tabs == ["Shop", "Agent", "Catalog"]
    assert (tmp_path / "support.sqlite").exists()  # the suggestion log, under data_dir
    assert profiles.get("demo-alex") is not None  # the demo shoppers were loaded


def test_bad_config_is_one_line_and_exit_2(capsys):
    assert main(["--set", "llm.backend=nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "llm.backend" in err
