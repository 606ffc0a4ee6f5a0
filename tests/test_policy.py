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


def test_in_a_vector_store_the_passages_sync_once_and_search_as_in_memory():
    from assistant.policy import PolicyBook, passage_ids
    from tests.fakes import HashEmbedder, MemoryStore

    passages = load_policy(DEMO_DIR / "policy.md")
    store, embedder = MemoryStore(), HashEmbedder()
    indexed = PolicyBook(passages, embedder, store)
    assert store.state().count == len(passages) == len(set(passage_ids(passages)))
    in_memory = PolicyBook(passages, HashEmbedder())
    for question in ("how long do refunds take", "do you ship to Canada", "can I cancel after it shipped"):
        assert indexed.search(question, 3, 0.0) == in_memory.search(question, 3, 0.0)
    calls = len(embedder.calls)
    edited = [passages[0].__class__(passages[0].section, passages[0].text + " Edited."), *passages[1:]]
    PolicyBook(edited, embedder, store)  # a restart after one passage changed
    assert [len(batch) for batch in embedder.calls[calls:]] == [1] and store.state().count == len(passages)
