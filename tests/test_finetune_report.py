"""finetune/report.py: the report beside an adapter holds its figures, the loss plot and its data card."""

import json

from finetune.report import write_report

FIGURES = {
    "task": "support",
    "base": "/models/SmolLM2",
    "device": "cpu",
    "processes": 1,
    "train_examples": 120,
    "steps": 3,
    "tokens": 2400,
    "tokens_per_second": 80.0,
    "train_seconds": 30.0,
    "wall_seconds": 41.5,
    "resumed_from": None,
    "dev_loss_base": 1.8,
    "dev_loss_adapter": 1.3,
    "dev_examples_scored": 48,
    "gguf": "/out/adapter.gguf",
    "config": {"r": 8},
}
LOG = [{"step": 1, "loss": 1.9}, {"step": 2, "loss": 1.6}, {"step": 3, "loss": 1.4}, {"step": 3, "train_runtime": 30.0}]


def test_report_files(tmp_path):
    card = tmp_path / "card.md"
    card.write_text("# Data card: support task\n\nMay train an adapter the project ships: **yes**.\n")
    write_report(tmp_path, FIGURES, LOG, card)
    figures = json.loads((tmp_path / "report.json").read_text())
    assert figures["loss_first"] == 1.9 and figures["loss_last"] == 1.4 and figures["log"] == LOG
    text = (tmp_path / "report.md").read_text()
    assert "| dev loss, base / adapter (48 dev examples) | 1.800 / 1.300 |" in text
    assert "| training loss, first / last step | 1.900 / 1.400 |" in text and "## Data card: support task" in text
    assert (tmp_path / "loss.png").read_bytes()[:4] == b"\x89PNG"


def test_a_report_without_dev_loss_or_card(tmp_path):
    write_report(tmp_path, FIGURES | {"dev_loss_base": None, "dev_loss_adapter": None, "gguf": None}, [], tmp_path / "none.md")
    text = (tmp_path / "report.md").read_text()
    assert "| dev loss, base / adapter (48 dev examples) | - / - |" in text and "not exported" in text
