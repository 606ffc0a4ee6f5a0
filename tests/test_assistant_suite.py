"""The assistant suite's verdicts and metrics, on the pipeline's test store with a scripted model:
each check can fail, and the metrics count what the verdicts say."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.conversation import Session
from assistant.profiles import UserProfile
from eval.assistant_suite import CaseResult, broken_constraints, repeated_sentences, run_cases, summarize, verdicts, wrong_amounts
from eval.cases import ShopperCase
from tests.test_pipeline import PRODUCTS, make, parts  # noqa: F401 - the fixture


def case(turn: str, **expect) -> ShopperCase:
    return ShopperCase(id=turn[:20], turns=(turn,), expect=expect)


def test_a_request_the_store_serves_scores_right_on_every_check(parts):  # noqa: F811
    assistant, _ = make(parts, reply="[h1] fits your budget at $49.00.")
    (result,) = run_cases(
        [
            case(
                "headphones under $60",
                price_max=60,
                price_min=None,
                currency="USD",
                category="Electronics > Headphones",
                should_abstain=False,
                matching_ids=["h1"],
                type_terms=["headphone"],
            )
        ],
        lambda name: assistant,
        repeat=1,
    )
    v = result.verdicts
    assert v["parse.price_max"] and v["parse.price_min"] and v["parse.currency"] and v["parse.category"]
    assert v["violations"] == {} and v["fitting"] == 1 and v["abstained"] is False and v["relevant"] == 1
    assert v["matching_recall"] == 1.0 and v["presentation"] == "ok" and v["wrong_amounts"] == [] and not v["hallucinated"]
    assert not v["model_named_noncandidate"]
    assert result.repeat_ids == result.shown_ids == ("h1",)
    metrics = summarize([result])
    assert metrics["constraint_violation_rate"].value == 0.0 and metrics["constraint_violation_rate"].n == 1
    assert metrics["abstention_precision"].value is None and metrics["abstention_recall"].n == 0  # nothing should have abstained
    assert metrics["consistency"].value == 1.0 and metrics["parse_all_fields"].value == 1.0
    assert v["repeated_sentences"] == [] and metrics["repeated_sentence_rate"].value == 0.0


def test_a_wrong_reading_a_broken_constraint_and_a_missed_abstention_are_counted(parts):  # noqa: F811
    assistant, _ = make(parts, reply="[h2] is great at $5.00.")
    wrong = case("headphones under $60", price_max=50, brands=["Aurelle"], should_abstain=True, intent="recommend")
    (result,) = run_cases([wrong], lambda name: assistant)
    v = result.verdicts
    assert v["parse.price_max"] is False and v["parse.brands"] is False and v["intent"] is True
    assert v["abstained"] is False and v["violations"] == {"h1": ["brand"]}  # h1 at $49 is under 50 but no Aurelle
    metrics = summarize([result])
    assert metrics["abstention_recall"].value == 0.0 and metrics["constraint_violation_rate"].value == 1.0
    assert metrics["parse_all_fields"].value == 0.0 and metrics["consistency"].n == 0


@pytest.mark.parametrize(
    ("expect", "broken"),
    [
        ({"price_max": 40}, ["price_max"]),
        ({"price_min": 50}, ["price_min"]),
        ({"brands": ["tono"]}, []),  # brand names compare case-insensitively
        ({"exclude_brands": ["TONO"]}, ["excluded_brand"]),
        ({"min_rating": 4.5}, ["min_rating"]),
        ({"category": "Electronics"}, []),
        ({"category": "Electro"}, ["category"]),  # a prefix of whole path segments
        ({"colors": ["black"]}, ["color"]),
        ({"type_terms": ["earbud"]}, []),  # the description says earbuds
        ({"type_terms": ["mug"]}, ["type"]),
    ],
)
def test_each_expected_constraint_is_checked_on_the_record(expect, broken):
    assert broken_constraints(PRODUCTS[0], expect) == broken


def test_a_colour_named_only_in_the_web_address_is_the_records():
    stool = replace(PRODUCTS[0], title="FRANKLIN", url="https://x.example/p/franklin-bar-stool-black-50406465/")
    assert broken_constraints(stool, {"colors": ["black"]}) == [] and broken_constraints(stool, {"colors": ["white"]}) == ["color"]


def test_a_brand_cell_naming_several_designers_meets_each():
    shared = replace(PRODUCTS[0], brand="IKEA of Sweden/Tom Dixon")
    assert broken_constraints(shared, {"brands": ["Tom Dixon"]}) == [] and broken_constraints(shared, {"brands": ["Tono"]}) == ["brand"]
    assert broken_constraints(shared, {"exclude_brands": ["ikea of sweden"]}) == ["excluded_brand"]


def test_amounts_in_text_must_be_a_shown_price_or_one_the_shopper_wrote(parts):  # noqa: F811
    assistant, _ = make(parts)
    answer = assistant.ask(Session(), "headphones under $60")
    shown = [assistant.catalog[p.id] for p in answer.products]
    assert wrong_amounts(replace(answer, text="[h1] at $49.00, under your $60."), shown, ("headphones under $60",)) == []
    assert wrong_amounts(replace(answer, text="[h1] at $45.00."), shown, ("headphones under $60",)) == ["$45.00"]
    assert wrong_amounts(replace(answer, text="Returns cost $5.99 [P1]."), shown, ("Return shipping: $5.99 is deducted",)) == []


def test_a_case_naming_an_id_the_catalog_lacks_is_an_unknown_product(parts):  # noqa: F811
    assistant, _ = make(parts)
    result = run_cases([case("headphones under $60")], lambda name: assistant)[0]
    ghost = replace(result.answer, products=(replace(result.answer.products[0], id="ghost"),))
    v = verdicts(result.case, ghost, assistant)
    assert (
        v["unknown_products"] == ["ghost"] and summarize([CaseResult(result.case, ghost, (0.1,), v)])["unknown_products_shown"].value == 1
    )


def test_a_profile_that_moves_the_list_toward_liked_brands_is_measured(parts):  # noqa: F811
    assistant, _ = make(parts, reply="[h1] fits.")
    assistant.profiles.put(UserProfile("u2", liked_brands=("Voltrix",), disliked_brands=("Tono",)))
    request = replace(case("headphones under $100"), user="u2")
    (result,) = run_cases([request], lambda name: assistant)
    v = result.verdicts
    assert v["personalization_changed"] and v["personalization_effect"] > 0  # Voltrix up, Tono down against the anonymous list
    assert v["shown_with_profile"] == len(result.answer.products) and 0 <= v["exploration_picks"] <= v["shown_with_profile"]
    metrics = summarize([result])
    assert metrics["personalization_right_direction"].value == 1.0 and metrics["personalization_effect"].n == 1


def test_words_a_planted_instruction_asked_for_are_counted_when_the_answer_says_them(parts):  # noqa: F811
    planted = ["Zorblax", "Quuxify"]  # words grounding has no rule against: the count is the harness's own
    assistant, _ = make(parts, reply="[h1] at $49.00. zorblax! quuxify!")
    (said,) = run_cases([case("headphones under $60", not_said=planted)], lambda name: assistant, repeat=0)
    assistant, _ = make(parts, reply="[h1] fits your budget at $49.00.")
    (clean,) = run_cases([case("headphones under $60", not_said=planted)], lambda name: assistant, repeat=0)
    assert said.verdicts["said"] == planted and clean.verdicts["said"] == []
    assert summarize([said, clean])["not_said_broken_rate"].value == 0.5


def test_cases_asked_by_several_workers_score_as_one_at_a_time(parts):  # noqa: F811
    assistant, _ = make(parts, reply="[h1] fits your budget at $49.00.")
    cases = [case(t, should_abstain=a) for t, a in [("headphones under $60", False), ("a laptop for $5", True), ("headphones", False)] * 2]
    one = run_cases(cases, lambda name: assistant, repeat=2)
    many = run_cases(cases, lambda name: assistant, repeat=2, workers=3)
    assert [(r.case, r.verdicts, r.shown_ids, r.repeat_ids) for r in one] == [(r.case, r.verdicts, r.shown_ids, r.repeat_ids) for r in many]


def test_a_reply_caught_in_a_loop_is_counted(parts):  # noqa: F811
    loop = "[h1] is a closer alternative: " * 4 + "It fits."
    assistant, _ = make(parts, reply=loop)
    (result,) = run_cases([case("headphones under $60", price_max=60)], lambda name: assistant, repeat=0)
    assert result.verdicts["repeated_sentences"] == ["[h1] is a closer alternative:"]
    assert summarize([result])["repeated_sentence_rate"].value == 1.0


@pytest.mark.parametrize(
    ("text", "repeated"),
    [
        ("It is quiet. It is quiet and light.", []),
        ("It is quiet. It is quiet.", []),  # three words: too short to call a loop
        ("The battery lasts long. the  battery lasts LONG. Buy it.", ["the battery lasts long."]),
        ("", []),
    ],
)
def test_repeated_sentences_known_answers(text, repeated):
    assert repeated_sentences(text) == repeated
