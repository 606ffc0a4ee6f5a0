"""Redaction before fine-tuning data is written: planted personal data of every kind becomes its
slot, what only looks like it (prices, sizes, product names, card-length numbers failing Luhn,
Bitext's own slots) stays, and names a record gives are found wherever they appear."""

from __future__ import annotations

import pytest

from runtime.redact import redact

PLANTED = [
    ("write to ana.diaz+shop@example.co.uk today", "write to {{Email}} today", "email"),
    ("my card 4111 1111 1111 1111 was charged twice", "my card {{Card Number}} was charged twice", "card"),
    ("card 5500-0000-0000-0004 please", "card {{Card Number}} please", "card"),
    ("call me on (415) 555-0132 after six", "call me on {{Phone Number}} after six", "phone"),
    ("my number is +44 20 7946 0958", "my number is {{Phone Number}}", "phone"),
    ("reach me at 415-555-0199.", "reach me at {{Phone Number}}.", "phone"),
    ("cancel order #W5442520 now", "cancel order {{Order Number}} now", "order"),
    ("please cancel ORD-10007 today", "please cancel {{Order Number}} today", "order"),
    ("where is 113-4567890-1234567?", "where is {{Order Number}}?", "order"),
    ("my order number is A1B2C3D4 and it is late", "my order number is {{Order Number}} and it is late", "order"),
    ("order 00004587345 never came", "order {{Order Number}} never came", "order"),
    (
        "find the purchase with the reference number 113542617735902.",
        "find the purchase with the reference number {{Order Number}}.",
        "order",
    ),
    ("ship it to 986 Sunset Drive, Suite 259 in Denver", "ship it to {{Street Address}} in Denver", "address"),
    ("I moved to 12 Elm St. last week", "I moved to {{Street Address}} last week", "address"),
    ("Hi, my name is Olivia Ito and my parcel is late", "Hi, my name is {{Person Name}} and my parcel is late", "name"),
    ("Dear Mr. Okafor, your refund is on its way", "Dear Mr. {{Person Name}}, your refund is on its way", "name"),
    ("That is all. Thanks, Hana", "That is all. Thanks, {{Person Name}}", "name"),
]


@pytest.mark.parametrize(("text", "expected", "kind"), PLANTED)
def test_each_kind_of_planted_personal_data_becomes_its_slot(text, expected, kind):
    done = redact(text)
    assert done.text == expected and done.counts == {kind: 1}


@pytest.mark.parametrize(
    "text",
    [
        "the kettle costs $49.99 and the 2-pack 79.50",
        "size 10.5, 1,299 reviews, 4.6 stars, 2024 model",
        "a 4111 1111 1111 1112 serial number",  # card length, fails the Luhn check
        "I ordered the Nike Pegasus 40 in size 9",
        "Hi there, I'm looking for running shoes",
        "Thanks so much!",
        "I can cancel order {{Order Number}} for you; call {{Customer Support Phone Number}}",
        "Open the Order Details page of {{Website URL}}",
    ],
)
def test_what_only_looks_like_personal_data_stays(text):
    assert redact(text) == redact(text) and redact(text).text == text and not redact(text).counts


def test_names_a_record_gives_are_found_anywhere_in_any_case():
    done = redact("olivia ito here, Olivia asked about Ito's order", names=["Olivia Ito", "Olivia", "Ito"])
    assert done.text == "{{Person Name}} here, {{Person Name}} asked about {{Person Name}}'s order" and done.counts == {"name": 3}


def test_several_kinds_in_one_message_are_all_counted():
    text = "I'm Raj Lee, raj.lee@example.com, 55 King Street, order #W1000004, card 4012888888881881, phone 212-555-0147"
    done = redact(text)
    assert done.text == (
        "I'm {{Person Name}}, {{Email}}, {{Street Address}}, order {{Order Number}}, card {{Card Number}}, phone {{Phone Number}}"
    )
    assert done.counts == {"name": 1, "email": 1, "address": 1, "order": 1, "card": 1, "phone": 1}


def test_an_order_id_that_happens_to_pass_the_card_check_is_an_order_id():
    assert redact("how can I cancel purchase 113542617735902?").text == "how can I cancel purchase {{Order Number}}?"
    assert redact("card 113542617735902 was declined").text == "card {{Card Number}} was declined"  # Luhn-valid without an order cue


def test_log_lines_lose_emails_phones_cards_and_order_ids_whatever_logs_them():
    import io
    import logging

    from runtime.redact import RedactingFilter, redact_logs

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        redact_logs()
        redact_logs()  # installed once however often it is called
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
        text = "hi, I'm Ann Lee, ann.lee@example.com or 212-555-0147, card 4012888888881881, order ORD-10007"
        logging.getLogger("assistant.pipeline").debug("understood %r: recommend", text)
        try:
            raise ValueError(f"cannot find {text}")
        except ValueError:
            logging.getLogger("ui.errors").exception("failure")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    written = stream.getvalue()
    for secret in ("ann.lee@example.com", "212-555-0147", "4012888888881881", "ORD-10007", "Ann Lee"):
        assert secret not in written, secret
    assert "understood" in written and "{{Email}}" in written and "ValueError" in written
