"""finetune/sources.py: the sources a build reads, each skipped with its reason when absent or when
its license does not allow a shipped adapter."""

import json

import pytest

from assistant.config import load_config
from finetune.sources import BITEXT, build_sources
from tests.test_support_data import write_bitext


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.delenv("SHOPASSIST_SHARED_DATA", raising=False)
    shared = tmp_path / "shared"
    (shared / BITEXT).parent.mkdir(parents=True)
    write_bitext(shared / BITEXT)
    return load_config(None, [f"paths.shared_data_dir={json.dumps(str(shared))}", f"paths.data_dir={json.dumps(str(tmp_path / 'data'))}"])


def test_support_reads_what_is_there_and_says_what_is_not(config):
    built, skipped = build_sources(config, ("support",), False, lambda m: 10, 1024)
    assert set(built) == {"bitext"} and len(built["bitext"].examples) == 8  # 4 rows, an intent and a reply each
    assert skipped["tau-bench"].endswith("support/tau-bench-retail not found")
    assert skipped["abcd"].endswith("support/abcd not found")


@pytest.mark.slow
def test_shippable_only_leaves_out_research_only_sources(config, demo, tmp_path):
    demo_config, _, _ = demo
    subjqa = config.shared_data / "reviews/subjqa/electronics_train.csv"
    subjqa.parent.mkdir(parents=True)
    subjqa.write_text("item_id,question,review_id,review,human_ans_spans\nB1,is it loud?,r1,Very loud. ANSWERNOTFOUND,ANSWERNOTFOUND\n")
    from dataclasses import replace

    config = replace(config, paths=replace(config.paths, data_dir=demo_config.paths.data_dir))
    built, skipped = build_sources(config, ("shopper",), True, lambda m: 10, 1024)
    assert set(built) == {"demo"} and "does not allow a shipped adapter" in skipped["subjqa"]
    assert all(e.source == "demo" and e.task == "shopper" for e in built["demo"].examples)
