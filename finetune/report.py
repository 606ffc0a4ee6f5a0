"""The training report beside the adapter: `report.json` (the figures), `loss.png` (training loss per
step, the dev loss of the base and of the adapter as lines) and `report.md` (figures, config and the
data card the adapter was trained on)."""

from __future__ import annotations

import json
from pathlib import Path


def write_report(out: Path, figures: dict, history: list[dict], card: Path) -> None:
    losses = [(entry["step"], entry["loss"]) for entry in history if "loss" in entry and "step" in entry]
    figures = figures | {"loss_first": losses[0][1] if losses else None, "loss_last": losses[-1][1] if losses else None}
    (out / "report.json").write_text(json.dumps(figures | {"log": history}, indent=2) + "\n", encoding="utf-8")
    _plot(out / "loss.png", losses, figures)
    base, adapter = figures["dev_loss_base"], figures["dev_loss_adapter"]
    lines = [
        f"# Training report: {figures['task']} adapter",
        "",
        "| figure | value |",
        "|---|---|",
        f"| base | `{Path(figures['base']).name}` |",
        f"| device, processes | {figures['device']}, {figures['processes']} |",
        f"| train examples | {figures['train_examples']} |",
        f"| optimizer steps | {figures['steps']} |",
        f"| training tokens | {figures['tokens']} |",
        f"| tokens/s | {figures['tokens_per_second']} |",
        f"| training time | {figures['train_seconds']} s (whole run {figures['wall_seconds']} s) |",
        f"| resumed from | {figures['resumed_from'] or '-'} |",
        f"| training loss, first / last step | {_num(figures['loss_first'])} / {_num(figures['loss_last'])} |",
        f"| dev loss, base / adapter ({figures['dev_examples_scored']} dev examples) | {_num(base)} / {_num(adapter)} |",
        f"| GGUF for llama.cpp | {Path(figures['gguf']).name if figures['gguf'] else 'not exported (see the log)'} |",
        "",
        "![loss](loss.png)",
        "",
        "## Config",
        "",
        "```json",
        json.dumps(figures["config"], indent=2),
        "```",
        "",
    ]
    if card.is_file():
        lines += [card.read_text(encoding="utf-8").replace("# Data card", "## Data card", 1)]
    (out / "report.md").write_text("\n".join(lines), encoding="utf-8")


def _num(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _plot(path: Path, losses: list[tuple[int, float]], figures: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    if losses:
        ax.plot([s for s, _ in losses], [v for _, v in losses], label="training loss (per step)")
    for key, style, label in (("dev_loss_base", "--", "dev loss, base"), ("dev_loss_adapter", ":", "dev loss, adapter")):
        if figures.get(key) is not None:
            ax.axhline(figures[key], linestyle=style, color="gray" if key.endswith("base") else "black", label=label)
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("loss (target tokens)")
    ax.set_title(f"{figures['task']} adapter")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
