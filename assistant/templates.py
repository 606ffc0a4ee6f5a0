"""Prompt templates: the versioned files in prompts/, read by name and filled with `string.Template`.

Each file starts with a comment line naming its version and placeholders; that line never
reaches the model. Planners (recommend, questions, compare, policy) fill them; the pipeline sends them.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"


def load_prompt(name: str) -> Template:
    """A prompt template from prompts/ (the comment line naming its version is dropped)."""
    text = (PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8")
    return Template("\n".join(line for line in text.splitlines() if not line.startswith("<!--")))
