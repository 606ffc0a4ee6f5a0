"""finetune/dataset.py: duplicates out, no group or request on both sides, the length filter, the card."""

import json

import pytest

from finetune import dataset
from finetune.examples import Built, DataError, Example
from runtime.base import Message


def chat(user: str, target: str, system: str = "Answer briefly.") -> tuple[Message, ...]:
    return (Message("system", system), Message("user", user), Message("assistant", target))


def example(user, target, group, split="train", source="bitext", kind="reply", task="support"):
    return Example(task, kind, source, group, split, chat(user, target))


def words(messages) -> int:
    return sum(len(m.content.split()) for m in messages)


def test_duplicates_leaks_and_long_examples_are_dropped_and_counted():
    built = {
        "bitext": Built(
            [
                example("where is my order", "It is on its way.", "g1"),
                example("where is my order", "It is on its way.", "g1b"),  # exact duplicate chat
                example("Where is my order 123?", "It is on its way!", "g2"),  # near duplicate: digits, case, punctuation
                example("cancel my order", "Done.", "g3", "dev"),
                example("cancel my order", "Sure, cancelled.", "g4"),  # a dev request on the train side
                example("refund please", "Refund started.", "g3"),  # the group is on the dev side
                example("a very long message " * 20, "ok", "g5"),  # too long
                example("change my address", "Which address?", "g6"),
            ],
            {"order": 2},
            {"empty rows": 1},
        ),
        "subjqa": Built([example("is it loud", "The reviews don't say.", "i1", source="subjqa", task="shopper")], {}, {}),
    }
    kept, card = dataset.assemble("support", built, words, max_tokens=40)
    assert [(e.messages[1].content, e.split) for e in kept] == [
        ("where is my order", "train"),
        ("cancel my order", "dev"),
        ("change my address", "train"),
    ]
    assert card.dropped == {
        "bitext: exact duplicate": 1,
        "bitext: near duplicate (differs in digits, case or punctuation)": 1,
        "bitext: same request as a dev example": 1,
        "bitext: group also on the dev side": 1,
        "bitext: longer than 40 tokens": 1,
        "bitext: empty rows": 1,
    }
    assert card.counts == {"train bitext reply": 2, "dev bitext reply": 1}
    assert card.sources == {"bitext": "CDLA-Sharing-1.0"} and card.shippable  # subjqa's example is another task's
    assert card.redacted == {"order": 2}
    assert card.tokens["train"]["n"] == 2 and card.tokens["dev"]["max"] == words(kept[1].messages)


def test_a_non_shippable_source_marks_the_card():
    built = {
        "demo": Built([example("mugs under $20", "[DS-0001] fits.", "Home > Mugs", source="demo", task="shopper")], {}, {}),
        "subjqa": Built([example("is it loud", "The reviews don't say.", "i1", source="subjqa", task="shopper")], {}, {}),
    }
    _, card = dataset.assemble("shopper", built, words, max_tokens=100)
    assert not card.shippable
    markdown = card.to_markdown()
    assert "May train an adapter the project ships: **no" in markdown and "| subjqa | research use only" in markdown


def test_write_then_read_gives_the_examples_back(tmp_path):
    examples = [example("where is my order", "On its way.", "g1"), example("cancel it", "Done.", "g2", "dev")]
    kept, card = dataset.assemble("support", {"bitext": Built(examples, {}, {})}, words, 100)
    dataset.write(tmp_path / "support", kept, card)
    assert dataset.read(tmp_path / "support" / "train.jsonl") == examples[:1]
    assert dataset.read(tmp_path / "support" / "dev.jsonl") == examples[1:]
    assert json.loads((tmp_path / "support" / "card.json").read_text())["counts"] == {"dev bitext reply": 1, "train bitext reply": 1}
    assert "| train | 1 |" in (tmp_path / "support" / "card.md").read_text()


def test_reading_a_bad_file_names_the_line_and_the_fix(tmp_path):
    with pytest.raises(DataError, match="run `shopassist finetune build-data` first"):
        dataset.read(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(example("a", "b", "g").to_json()) + "\n{oops\n")
    with pytest.raises(DataError, match=r"bad.jsonl line 2: not JSON"):
        dataset.read(bad)


def test_token_counter_counts_the_chat_template(tmp_path):
    from transformers import AutoTokenizer

    from tests.tiny_models import tiny_llama

    tokenizer = AutoTokenizer.from_pretrained(tiny_llama(tmp_path / "tiny"))
    count = dataset.token_counter(tokenizer)
    messages = (Message("user", "red shoes"), Message("assistant", "yes"))
    # <|im_start|> user red shoes <|im_end|> <|im_start|> assistant yes <|im_end|> (the tiny tokenizer drops whitespace)
    assert count(messages) == 9
