"""The shop tab's callbacks (ui/shop.py) called directly (no server) with fakes: streaming into the
chat, cards from records, feedback into the profile, the profile panel, per-session state, catalog
switches, and error translation."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from assistant.conversation import Session
from assistant.profiles import SQLProfileStore, UserProfile
from assistant.render import answer_markdown, card_html
from retrieval.store import StoreError
from runtime.base import LLMError
from tests.fakes import HashEmbedder, ScriptedGenerator
from tests.test_pipeline import make, parts  # noqa: F401 - `parts` is a fixture
from ui.errors import UNEXPECTED, UserFacingError, friendly
from ui.shop import ANONYMOUS, ShopCallbacks


@pytest.fixture()
def shop(parts):  # noqa: F811
    assistant, _ = make(parts, "Try [h1] for running.")
    return ShopCallbacks(assistant, ("u1",))


def test_send_streams_then_shows_the_grounded_answer_and_cards(shop):
    session = Session()
    steps = list(shop.send("headphones under $100", [], session))
    history = steps[0][0]
    assert history[-1] == {"role": "assistant", "content": "Try "} and steps[0][2] == ""
    final = steps[-1]
    assert final[0][-1]["content"] == "Try \\[h1\\] for running." and final[1] == ""  # shown as written, never as markup
    cards = "".join(card_html(p, i) for i, p in enumerate(final[3], 1))
    assert cards.count('class="sa-card"') == 2 and 'data-price="49.00"' in cards and 'data-price="89.00"' in cards and "$139" not in cards
    assert final[4]["value"] == "Is [h1] good for everyday use?" and final[-1] is session and len(session.turns) == 1


def test_empty_message_is_one_sentence(shop):
    with pytest.raises(UserFacingError, match="Type what you are looking for first"):
        list(shop.send("  ", [], Session()))


def test_card_feedback_goes_into_the_profile_and_the_panel(shop):
    shop.assistant.profiles.put(UserProfile("u1"))
    session = shop.select_user("u1", Session())[0]
    list(shop.send("headphones under $100", [], session))
    status, view, _ = shop.feedback("h2", "Like", session)
    assert "h2" in status and view["user"] == "u1" and [s["event"] for s in view["signals"]] == ["thumbs_up"]
    status, view, _ = shop.rate_answer(False, 1, session)  # the chat's dislike on the first answer
    assert [s["event"] for s in view["signals"]] == ["thumbs_up", "thumbs_down", "thumbs_down"]


def test_anonymous_feedback_creates_an_anonymous_profile_and_delete_forgets_it(shop):
    session = Session()
    list(shop.send("headphones under $100", [], session))
    _, view, session = shop.feedback("h1", "Not for me", session)
    user = view["user"]
    assert user.startswith("anon-") and view["signals"][0]["event"] == "not_for_me"
    status, _, fresh, chat, _, shown, *_, view, _, _, _ = shop.delete_profile(session)
    assert "deleted" in status and fresh.user_id is None and view["user"] == ANONYMOUS and chat == [] and shown == ()
    assert shop.assistant.profiles.export(user) == {"profile": None, "signals": []}


def test_profile_edit_export_and_bad_input(shop, tmp_path):
    session = Session(user_id="u1")
    _, view, _ = shop.save_profile("Tono, Voltrix", "Aurelle", "Electronics", 120, "shoes=10, clothing=M", session)
    assert view["profile"]["liked_brands"] == ["Tono", "Voltrix"] and view["profile"]["sizes"] == {"clothing": "M", "shoes": "10"}
    exported = json.loads(Path(shop.export_profile(session)).read_text(encoding="utf-8"))
    assert exported["profile"]["budget_max"] == 120.0
    with pytest.raises(UserFacingError, match="Profile not saved: brands cannot be liked and disliked at once"):
        shop.save_profile("Tono", "Tono", "", None, "", session)
    with pytest.raises(UserFacingError, match='sizes look like "shoes=10, clothing=M"'):
        shop.save_profile("", "", "", None, "shoes 10", session)


def test_sessions_do_not_share_chats_or_profiles(shop):
    alice, bob = Session(user_id="u1"), Session()
    list(shop.send("headphones under $100", [], alice))
    assert bob.turns == [] and shop.profile_view(bob)["user"] == ANONYMOUS
    session, history, *_ = shop.select_user(ANONYMOUS, alice)
    assert history == [] and session.user_id is None and session.turns == []


def test_sliders_set_the_session_not_the_config(shop):
    session = shop.set_sliders(1.5, 0.5, Session())
    assert (session.personalization_weight, session.exploration_share) == (1.5, 0.5)
    assert shop.assistant.settings.personalization_weight == 0.3


def test_unexpected_errors_are_logged_and_shown_as_one_sentence(caplog):
    @friendly
    def broken():
        raise KeyError("internal detail")

    with caplog.at_level(logging.ERROR, logger="shopassist.app"), pytest.raises(UserFacingError) as info:
        broken()
    shown = str(info.value.message)
    error_id = shown.split("(error ")[1].split(")")[0]
    assert shown == UNEXPECTED.format(id=error_id) and len(error_id) == 8  # the page names the id ...
    assert f"[error {error_id}]" in caplog.text and "internal detail" in caplog.text and "Traceback" in caplog.text  # ... the log has it


class FailingGenerator:
    """Streams one unchecked piece, then fails like a dropped model server."""

    name, context_length, adapters = "failing", 4096, ()

    def count_tokens(self, messages):
        return 10

    def stream(self, messages, params):
        yield "[h1] is only $1 at evil.example "
        raise LLMError("the model server stopped answering; check llm.base_url")


def test_a_model_failing_mid_stream_leaves_the_answer_from_the_records_in_place_of_its_draft(shop):
    from assistant.pipeline import MODEL_DOWN

    shop.assistant.generator = FailingGenerator()
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello!"}]
    steps = list(shop.send("headphones under $100", history, Session()))
    assert "$1" in steps[0][0][-1]["content"]  # the draft streamed...
    final = steps[-1][0][-1]["content"]
    assert final.startswith(MODEL_DOWN) and "only $1" not in final and "evil.example" not in final  # ...and the records replaced it
    assert steps[-1][3] and all(p.price <= 100 for p in steps[-1][3])  # the cards are the records'


def test_any_other_failure_mid_stream_removes_the_draft_and_gives_the_message_back(shop):
    class Broken(FailingGenerator):
        def stream(self, messages, params):
            yield "[h1] is only $1 at evil.example "
            raise RuntimeError("a bug")

    shop.assistant.generator = Broken()
    steps, error = [], None
    try:
        for step in shop.send(
            "headphones under $100", [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello!"}], Session()
        ):
            steps.append(step)  # noqa: PERF402 - the steps before the failure are what this test reads
    except UserFacingError as exc:
        error = exc
    assert "$1" in steps[0][0][-1]["content"]  # the draft streamed...
    assert steps[-1][0] == [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello!"}]  # ...and is gone
    assert steps[-1][1] == "headphones under $100" and error is not None


def test_a_session_can_shop_another_catalog_while_others_keep_theirs(parts):  # noqa: F811
    default, _ = make(parts, "[h1] fits.")
    other_parts = (parts[0], None, None)
    built = []

    def assistant_for(name):
        assistant, _ = make(other_parts, "[m1] fits.")
        built.append(name)
        return assistant

    shop = ShopCallbacks(default, (), assistant_for)
    mine, theirs = Session(user_id="u1"), Session()
    status, mine, chat, *_ = shop.use_catalog("kitchen", "demo", mine)
    assert "Now shopping" in status and mine.catalog == "kitchen" and mine.user_id == "u1" and chat == []
    reply = list(shop.send("a mug", [], mine))[-1][0][-1]["content"]
    other_reply = list(shop.send("a mug", [], Session(catalog="kitchen")))[-1][0][-1]["content"]
    assert reply == other_reply == "\\[m1\\] fits." and built == ["kitchen"]  # the kitchen assistant answered; built once, shared
    assert list(shop.send("headphones", [], theirs))[-1][0][-1]["content"] == "\\[h1\\] fits." and shop.assistant_of(theirs) is default
    shop.forget("kitchen")
    shop.assistant_of(Session(catalog="kitchen"))
    assert built == ["kitchen", "kitchen"]  # re-indexed: the next session reloads it
    assert shop.use_catalog("demo", "demo", mine)[1].catalog == ""


def test_a_catalog_that_cannot_open_leaves_the_session_and_picker_as_they_were(parts):  # noqa: F811
    def assistant_for(name):
        raise StoreError(f"no products are indexed for catalog {name!r}; run `shopassist index` first")

    shop = ShopCallbacks(make(parts)[0], (), assistant_for)
    session = Session()
    status, kept, *_, picker = shop.use_catalog("gone", "demo", session)
    assert "Could not open catalog 'gone': no products are indexed" in status and kept is session and picker["value"] == "demo"


def test_usual_budget_box_is_empty_for_anonymous_and_checked_on_save(shop):
    fields = shop.select_user(ANONYMOUS, Session())[4:9]
    assert fields == ("", "", "", "", "")  # liked, disliked, categories, budget, sizes: an empty budget box, not 0
    session = Session(user_id="u-budget")
    _, view, _ = shop.save_profile("", "", "", "$150", "", session)
    assert view["profile"]["budget_max"] == 150.0 and shop._fields(session)[3] == "150"
    with pytest.raises(UserFacingError, match="usual budget must be a number like 150, got 'abc'"):
        shop.save_profile("", "", "", "abc", "", session)
    _, view, _ = shop.save_profile("", "", "", "150,50 €", "", session)
    assert view["profile"]["budget_max"] == 150.5
    _, view, _ = shop.save_profile("", "", "", "  ", "", session)
    assert view["profile"]["budget_max"] is None


def test_deleting_a_profile_deletes_its_exports_too(shop, tmp_path, monkeypatch):
    """Exported JSON stayed on the server (our temp dir and Gradio's download copy) after "Delete my profile"."""
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    session = Session(user_id="u1")
    shop.save_profile("Tono", "", "", "", "", session)
    exported = Path(shop.export_profile(session))
    gradio_copy = tmp_path / "gradio" / "0123abcd" / exported.name  # where Gradio caches a file it serves
    gradio_copy.parent.mkdir(parents=True)
    gradio_copy.write_text(exported.read_text())
    other = Path(shop.export_profile(Session(user_id="u2")))
    shop.delete_profile(session)
    assert not exported.exists() and not gradio_copy.exists() and other.exists()


@pytest.mark.parametrize("user_id", ["a/b", "../etc", "", " x", "x" * 129])
def test_user_ids_are_validated_once_everywhere(user_id):
    from assistant.profiles import ProfileError, Signal, UserProfile

    with pytest.raises(ProfileError, match="is not valid: use 1-128 letters, digits"):
        UserProfile(user_id)
    with pytest.raises(ProfileError, match="is not valid"):
        Signal(user_id, "p1", "view")


def test_concurrent_turns_each_end_on_their_own_grounded_answer(parts):  # noqa: F811
    """12 sessions at once on one assistant: every turn's last chat message is its grounded answer (the
    planted price is corrected), never the streamed draft, and the transcript the app re-renders after
    each send says the same."""
    import threading
    import time as clock

    class Slow(ScriptedGenerator):
        def stream(self, messages, params):
            for piece in super().stream(messages, params):
                clock.sleep(0.002)
                yield piece

    assistant, _ = make(parts)
    assistant.generator = Slow(lambda messages: "[h1] is only $1 today.")  # grounding must correct the price
    shop = ShopCallbacks(assistant)
    results: dict[int, tuple] = {}

    def turn(i: int) -> None:
        session = Session()
        results[i] = (list(shop.send("headphones under $100", [], session))[-1], session)

    threads = [threading.Thread(target=turn, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for final, session in results.values():
        shown = final[0][-1]["content"]
        assert shown == answer_markdown(session.turns[-1].answer) == shop.transcript(session)[-1]["content"]
        assert "$49.00" in shown and "$1 " not in shown + " "


def test_every_send_is_followed_by_the_transcript(tmp_path):
    """The wiring that makes the grounded answer the last word on screen (see ShopCallbacks.transcript)."""
    import json as json_

    from app import build_app
    from assistant.builders import build_client
    from assistant.config import load_config

    config = load_config(None, [f"paths.data_dir={json_.dumps(str(tmp_path))}"])
    app, _ = build_app(config, HashEmbedder(), build_client(config), ScriptedGenerator("Hello."), SQLProfileStore())
    names = [getattr(f.fn, "__name__", "") for f in app.fns.values()]
    sends = [i for i, n in enumerate(names) if n == "send"]
    assert len(sends) >= 5 and all(names[i + 1] == "transcript" for i in sends)
