"""finetune/shopper_data.py: requests from a catalog's shelves, targets written from records that the
project's grounding accepts unchanged, and (slow) whole builds on the indexed demo store."""

import random
import re

import pytest

from assistant.answer import Answer, Citation, ShownProduct
from assistant.understanding import Constraints
from finetune import shopper_data as sd
from retrieval.records import Product


def product(pid, title="Lumen Headphones", price=99.0, brand="Aurelle", description="Over-ear headphones with ANC. Long battery.", **kw):
    return Product(pid, title, price, "USD", description, brand, ("Electronics", "Headphones"), 4.5, 120, 5, "in_stock", **kw)


CATALOG = {
    p.id: p for p in (product("DS-1"), product("DS-2", "Nocturne Studio Headphones", 129.0, "Pulsewave", "Closed-back wired headphones."))
}


def answer(products, constraints=None, abstained=False, citations=(), intent="recommend"):
    constraints = constraints or Constraints()
    shown = tuple(ShownProduct.of(p, not abstained) for p in products)
    return Answer("", intent, constraints, abstained, shown, citations)


def test_shelf_words_and_side():
    assert sd.shelf_words("Pet Supplies > Dog > Beds") == "dog beds"
    assert sd.shelf_words("Electronics > Chargers & Cables") == "chargers and cables"
    sides = [sd.side(f"shelf {i}") for i in range(800)]
    assert sd.side("shelf 7") == sd.side("shelf 7") and 60 < sides.count("dev") < 140  # one in DEV_SHARE (8)


def test_catalog_requests_cover_budgets_brands_and_questions():
    requests = sd.catalog_requests(list(CATALOG.values()))
    texts = [r.text for r in requests if r.kind == "recommend"]
    assert "headphones under $130" in texts  # a budget two thirds up the shelf's prices, rounded up
    assert "headphones under $39" in texts  # one that nothing on the shelf fits
    assert any(t.startswith(("Aurelle headphones", "Pulsewave headphones")) for t in texts)
    questions = [r for r in requests if r.kind == "question"]
    assert len(questions) == 4 and all(re.search(r"\[DS-[12]\]", q.text) for q in questions)
    assert {r.group for r in requests} == {"Electronics > Headphones"}


def test_recommend_targets_name_shown_products_state_no_prices_and_vary():
    targets = {sd.recommend_target(answer(list(CATALOG.values())), CATALOG, random.Random(seed)) for seed in range(30)}
    assert len({t.split()[0] for t in targets}) >= 4  # several openings, not one template
    for text in targets:
        assert set(re.findall(r"\[([^\]]+)\]", text)) <= set(CATALOG) and "$" not in text
        assert "over-ear headphones with anc" in text.lower() or "Lumen Headphones" in text  # why, from the record
    assert any("[DS-2]" in t for t in targets) and any("[DS-2]" not in t for t in targets)  # one or two products


def test_reason_is_the_description_sentence_the_prompt_shows_whole():
    assert sd.reason(CATALOG["DS-1"]) == "over-ear headphones with ANC"
    cut = product("DS-3", description="A" + "very long " * 30 + "sentence.")
    assert sd.reason(cut) == "the Lumen Headphones"  # the first 200 characters end mid-sentence: not a whole fact


def test_an_abstention_says_what_each_alternative_misses():
    over = answer([CATALOG["DS-2"]], Constraints(price_max=50.0), abstained=True)
    assert "[DS-2] is over your budget." in sd.recommend_target(over, CATALOG, random.Random(0))
    brand = answer([CATALOG["DS-1"]], Constraints(brands=("Sonos",)), abstained=True)
    assert "[DS-1] is not from Sonos." in sd.recommend_target(brand, CATALOG, random.Random(0))


def test_question_targets_quote_the_best_snippet_or_description_and_leave_out_the_unsure():
    snippets = (
        Citation("R1", "review", "c1", "Great sound. The battery lasts two days easily.", "DS-1"),
        Citation("R2", "review", "c2", "Comfortable on long flights.", "DS-1"),
    )
    found = answer([CATALOG["DS-1"]], citations=snippets, intent="product_question")
    text = sd.question_target(found, "How is the battery life of [DS-1]?", CATALOG["DS-1"], random.Random(0))
    assert "[R1]" in text and "battery lasts two days" in text.lower()
    described = sd.question_target(found, "Does [DS-1] have ANC?", CATALOG["DS-1"], random.Random(0))
    assert described.endswith("Over-ear headphones with ANC.") and "[R" not in described
    assert sd.question_target(found, "Is [DS-1] waterproof?", CATALOG["DS-1"], random.Random(0)) is None  # no sure answer either way
    assert sd.question_target(found, "How is the quality of [DS-1]?", CATALOG["DS-1"], random.Random(0)) is None  # vague words only


class FakeAssistant:
    """The two calls `build` makes of an assistant: the turn's prompt goes to its generator, and an Answer comes back."""

    def __init__(self, catalog, review: str):
        self.catalog, self.review, self.generator = catalog, review, None

    def ask(self, session, text):
        from runtime.base import GenerationParams, Message

        pid = re.search(r"\[(DS-\d)\]", text).group(1)
        prompt = (Message("system", f"Product [{pid}]. Review snippets:\n[R1] {self.review}"), Message("user", text))
        said = "".join(self.generator.stream(prompt, GenerationParams()))
        citation = Citation("R1", "review", "c1", self.review, pid)
        shown = (ShownProduct.of(self.catalog[pid], True),)
        return Answer(said, "product_question", Constraints(), False, shown, (citation,))


def test_build_redacts_every_message_and_keeps_products_on_their_side():
    review = "Very quiet fan. Write to me at jo.fan@example.com if you want my settings."
    catalog = CATALOG
    requests = [
        sd.Request("Is [DS-1] quiet?", "DS-1", "question", ("Very quiet fan",)),
        sd.Request("Is [DS-2] quiet?", "DS-2", "question", ()),
    ]
    sides = {"DS-1": "train", "DS-2": "dev"}
    built = sd.build(FakeAssistant(catalog, review), requests, "subjqa", split_of=sides.get, group_of=lambda p: p.id)
    assert [(e.split, e.target) for e in built.examples] == [("train", "Very quiet fan [R1]"), ("dev", sd.NOT_SAID)]
    assert all("jo.fan" not in m.content for e in built.examples for m in e.messages)
    assert "{{Email}}" in built.examples[0].messages[0].content and built.redacted == {"email": 2}
    crossing = sd.build(
        FakeAssistant(catalog, review), requests[:1], "subjqa", split_of=lambda g: "dev" if g == "x" else "train", group_of=lambda p: "x"
    )
    assert crossing.examples == [] and crossing.dropped == {"shows a product whose group is on the other side": 1}


def test_span_targets_cite_the_snippet_holding_the_human_answer():
    snippets = (Citation("R1", "review", "c1", "Too loud for me.", "X"), Citation("R2", "review", "c2", "It is very quiet at night.", "X"))
    found = answer([CATALOG["DS-1"]], citations=snippets, intent="product_question")
    assert sd.span_target(found, ("very quiet",)) == "very quiet [R2]"
    assert sd.span_target(found, ()) == sd.NOT_SAID  # SubjQA says unanswerable
    assert sd.span_target(found, ("not in any snippet",)) is None


@pytest.mark.slow
def test_a_demo_build_keeps_the_served_prompt_and_grounded_targets(demo, embedder):
    from assistant.builders import build_assistant
    from assistant.conversation import Session
    from assistant.profiles import SQLProfileStore

    config, client, _ = demo
    assistant = build_assistant(config, embedder, client, sd.Recorder(), SQLProfileStore())
    requests = sd.catalog_requests(list(assistant.catalog))
    random.Random(3).shuffle(requests)
    built = sd.build(assistant, requests[:80], "demo")
    assert len(built.examples) >= 20 and {e.kind for e in built.examples} >= {"recommend"}
    for example in built.examples[:10]:
        recorder = sd.Recorder()
        assistant.generator = recorder
        assistant.ask(Session(), example.messages[-2].content)
        assert recorder.sent[0] == example.messages[:-1]  # the prompt served, byte for byte
        assistant.generator = sd.Replayer(example.target)
        assert assistant.ask(Session(), example.messages[-2].content).repairs == ()
        assert example.split == sd.side(example.group)
    assert sum(built.dropped.values()) + len(built.examples) == 80
