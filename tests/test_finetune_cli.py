"""`shopassist finetune build-data` then `train`, end to end on a tiny model and a four-row Bitext file."""

import json

from assistant.cli import main
from finetune.sources import BITEXT
from tests.test_support_data import write_bitext
from tests.tiny_models import tiny_llama


def test_build_data_then_train(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SHOPASSIST_SHARED_DATA", raising=False)
    (tmp_path / "shared" / BITEXT).parent.mkdir(parents=True)
    write_bitext(tmp_path / "shared" / BITEXT)
    base = tiny_llama(tmp_path / "base")
    values = {
        "paths.shared_data_dir": str(tmp_path / "shared"),
        "paths.data_dir": str(tmp_path / "data"),
        "train.base": str(base),
        "train.token_budget": 0,
        "train.batch_size": 2,
    }
    options = [part for key, value in values.items() for part in ("--set", f"{key}={json.dumps(value)}")]
    assert main(["finetune", "build-data", "--task", "support", *options]) == 0
    printed = capsys.readouterr().out
    assert "support: " in printed and "(may ship; see card.md)" in printed and "not read: tau-bench" in printed
    folder = tmp_path / "data" / "finetune-data" / "support"
    assert (folder / "card.md").is_file() and (folder / "train.jsonl").read_text().count("\n") >= 2
    assert main(["finetune", "train", "--task", "support", "--quiet", *options]) == 0
    printed = capsys.readouterr().out
    adapter = tmp_path / "data" / "adapters" / "support"
    assert f"adapter: {adapter}" in printed and "llm.adapters" in printed
    assert (adapter / "adapter.gguf").is_file() and json.loads((adapter / "report.json").read_text())["task"] == "support"


def test_a_missing_data_set_says_how_to_build_it_and_nothing_goes_online(tmp_path, capsys, monkeypatch):
    import os

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    options = ["--set", f"paths.data_dir={json.dumps(str(tmp_path))}"]
    assert main(["finetune", "train", "--task", "shopper", "--quiet", *options]) != 0
    assert "run `shopassist finetune build-data` first" in capsys.readouterr().err
    assert os.environ["HF_HUB_OFFLINE"] == "1"  # set by the command line before anything could reach the Hub
