"""Integration: whole turns with the real models (MiniLM + SmolLM2 through llama.cpp) on the indexed
demo store, through the `ask` and `chat` commands a user and an evaluator run."""

from __future__ import annotations

import io
import json

import pytest

from assistant.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def options(demo, llm_data_dir, tmp_path_factory, llama_cpp):
    config, _, _ = demo
    profiles = tmp_path_factory.mktemp("profiles") / "profiles.sqlite"
    return [
        "--set",
        f"paths.data_dir={json.dumps(config.paths.data_dir)}",
        "--set",
        "assistant.max_new_tokens=48",
        "--set",
        f"assistant.profiles={json.dumps(str(profiles))}",
        "--set",
        "llm.context_length=2048",
        "--set",
        "llm.backend=llamacpp",
    ]


def ask(options, capsys, *turns: str, user: str | None = None) -> list[dict]:
    code = main([*options, "ask", *turns, "--json", *(["--user", user] if user else [])])
    out = capsys.readouterr().out
    assert code == 0, out
    data = json.loads(out)
    return data if isinstance(data, list) else [data]


def test_budget_request_and_refinement_show_records_within_budget(options, capsys, demo):
    records = {p.id: p for p in demo[2].catalog.products}
    first, second = ask(options, capsys, "wireless headphones under $100", "cheaper, in stock")
    assert first["intent"] == "recommend" and first["products"] and not first["abstained"]
    cheapest = min(p["price"] for p in first["products"])
    for answer, fits in ((first, lambda price: price <= 100.0), (second, lambda price: price < cheapest)):
        for shown in answer["products"]:
            record = records[shown["id"]]
            assert (shown["title"], shown["price"], shown["currency"]) == (record.title, record.price, record.currency)
            assert shown["fits_constraints"] == (not answer["abstained"])  # alternatives are labelled, fitting ones fit
            assert not shown["fits_constraints"] or (fits(shown["price"]) and record.in_stock or answer is first)
    assert second["constraints"]["in_stock"] and second["constraints"]["price_max"] < first["constraints"]["price_max"]
    assert set(first) >= {"text", "intent", "constraints", "abstained", "products", "citations", "repairs"}


def test_impossible_budget_abstains_with_labelled_alternatives(options, capsys):
    (answer,) = ask(options, capsys, "a laptop for $5 to $10")
    assert answer["abstained"] and answer["text"].startswith("Nothing in the catalog matches")
    assert answer["products"] and not any(p["fits_constraints"] for p in answer["products"])


def test_policy_question_cites_the_policy(options, capsys):
    (answer,) = ask(options, capsys, "how many days do I have to return an item?")
    assert answer["intent"] == "policy" and answer["citations"] and answer["citations"][0]["kind"] == "policy"
    assert any("30 days" in c["text"] for c in answer["citations"])


def test_product_question_and_comparison(options, capsys):
    _, question, comparison = ask(
        options, capsys, "running shoes", "what do reviewers say about the comfort of the first one?", "compare #1 and #2"
    )
    assert question["intent"] == "product_question" and len(question["products"]) == 1
    assert question["abstained"] or all(
        c["kind"] == "review" and c["product_id"] == question["products"][0]["id"] for c in question["citations"]
    )
    assert comparison["intent"] == "compare" and len(comparison["table"]["columns"]) == 2
    assert comparison["table"]["rows"]["price"][0].startswith("$")


def test_chat_streams_and_takes_feedback(options, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("headphones under $60\n/feedback 1 up\n/quit\n"))
    assert main([*options, "chat", "--user", "demo-alex"]) == 0
    out = capsys.readouterr().out
    assert "assistant> " in out and "noted for demo-alex: thumbs_up" in out and "1. " in out


def test_unknown_user_is_a_one_line_error(options, capsys):
    assert main([*options, "ask", "hello", "--user", "nobody"]) == 2
    assert "no profile 'nobody'" in capsys.readouterr().err
