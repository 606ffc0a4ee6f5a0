"""Tone rewrites and the grammar fix never change a fact; a model's rewrite that does is not used."""

from __future__ import annotations

import pytest

from assistant.support.tone import TONES, facts_of, fix_grammar, restyle, rewrite
from tests.fakes import ScriptedGenerator

DRAFT = (
    "Hi Tara, thanks for getting in touch. Your order ORD-10168 shipped with USPS on November 30, 2026 "
    "(tracking 3878925661147553125307) and is in transit; it was expected on December 3, 2026. "
    "From our policy (Shipping): Standard: 3-5 business days, free on orders of $35 or more. Shall I check with the carrier?"
)


@pytest.mark.parametrize("tone", TONES)
def test_every_tone_by_rules_keeps_the_facts(tone):
    out = restyle(DRAFT, tone)
    assert facts_of(out) <= facts_of(DRAFT) and "ORD-10168" in out and "3878925661147553125307" in out
    if tone != "concise":
        assert facts_of(out) == facts_of(DRAFT)


def test_what_each_tone_changes():
    assert restyle(DRAFT, "formal").startswith("Dear Tara, thank you for contacting us.") and "Would you like me to" in restyle(
        DRAFT, "formal"
    )
    assert "can't" not in restyle("Hi, thanks for getting in touch. It can't be cancelled.", "formal")
    concise = restyle(DRAFT, "concise")
    assert not concise.startswith("Hi") and "From our policy" not in concise and concise.endswith("carrier?")
    assert restyle(DRAFT, "warm").endswith("anything else I can do for you!")
    assert restyle("Hi, thanks for getting in touch. I'm sorry, it shipped.", "apologetic").count("sorry") == 1


def test_a_model_rewrite_is_used_only_when_it_keeps_every_fact():
    faithful = "Dear Tara, your order ORD-10168 shipped with USPS on November 30, 2026 (tracking 3878925661147553125307) and is in transit; it was expected on December 3, 2026, and standard shipping is 3-5 business days, free on orders of $35 or more."
    out, note = rewrite(DRAFT, "formal", ScriptedGenerator(faithful))
    assert out == faithful and note.startswith("Rewritten by the model")
    out, note = rewrite(DRAFT, "formal", ScriptedGenerator("Dear Tara, your order ORD-10168 is on its way."))  # the dates and tracking lost
    assert out == restyle(DRAFT, "formal") and "changed the facts" in note and "3878925661147553125307" in note
    out, note = rewrite(DRAFT, "warm", ScriptedGenerator("It arrives on December 9, 2026."))  # an invented date: the sentence goes
    assert out == restyle(DRAFT, "warm") and "was empty" in note
    with pytest.raises(ValueError, match="tone must be one of"):
        rewrite(DRAFT, "sarcastic")


def test_the_grammar_fix():
    assert fix_grammar("hi sarah ,i checked ur order ORD-10002 and it shiped  yesterday") == (
        "Hi sarah, I checked your order ORD-10002 and it shipped yesterday."
    )
    assert fix_grammar("Thanks!") == "Thanks!" and fix_grammar("") == ""
