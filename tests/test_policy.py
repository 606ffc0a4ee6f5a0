"""Policy passages: Markdown split into cited passages, bad files named, and the demo policy loads."""

from __future__ import annotations

import pytest

from assistant.policy import Passage, PolicyError, load_policy
from retrieval.catalog import DEMO_DIR


def test_sections_bullets_and_paragraphs_become_passages(tmp_path):
    path = tmp_path / "policy.md"
    path.write_text(
        "# Title\n\nIntro outside any section.\n\n## Returns\n\n- **30 days** to return,\n  continued line.\n- Opened earbuds: no.\n\n"
        "## Shipping\n\nFree over $35.\nSecond line of the paragraph.\n",
        encoding="utf-8",
    )
    assert load_policy(path) == [
        Passage("Returns", "30 days to return, continued line."),
        Passage("Returns", "Opened earbuds: no."),
        Passage("Shipping", "Free over $35. Second line of the paragraph."),
    ]
    assert load_policy(path)[0].source == "Returns: 30 days to return, continued line.…"


def test_a_file_without_sections_or_unreadable_is_named(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("just text, no headings\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"empty\.md: no passages found; the policy needs '## Section' headings"):
        load_policy(empty)
    with pytest.raises(PolicyError, match="missing.md: cannot read the policy"):
        load_policy(tmp_path / "missing.md")


def test_demo_policy_has_the_sections_the_store_promises():
    passages = load_policy(DEMO_DIR / "policy.md")
    assert {"Returns", "Exchanges", "Shipping", "Warranty", "Payment"} <= {p.section for p in passages}
    assert any("30 days of delivery" in p.text for p in passages) and all("**" not in p.text for p in passages)
