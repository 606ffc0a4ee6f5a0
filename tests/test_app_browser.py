"""End to end: `app.py` on loopback with the real default models on the demo store, driven in
Debian's headless Chromium through Playwright (no browser download). A shopper picks a demo
profile, asks for running shoes under a budget, sees cards whose prices respect it, gives
feedback, sees the profile change, and deletes the profile. Screenshots and the time to the first
streamed token go to tests/artifacts/browser/."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from assistant.profiles import SQLProfileStore
from tests.conftest import free_port, loopback_server

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
BUDGET = 80.0


def require_browser() -> None:
    """Skip with the reason when Debian's chromium or playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium); .ci/run installs it")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, llama_cpp):
    require_browser()
    data = tmp_path_factory.mktemp("app-data")
    port = free_port()
    command = [
        sys.executable,
        str(ROOT / "app.py"),
        "--port",
        str(port),
        "--set",
        f"paths.data_dir={json.dumps(str(data))}",
        "--set",
        "assistant.max_new_tokens=64",
        "--set",
        "llm.context_length=2048",
        "--set",
        "llm.backend=llamacpp",
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    with loopback_server(command, port, data / "app.log", timeout_s=240, env=env):
        yield f"http://127.0.0.1:{port}/", data


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(app_url[0])
        page.wait_for_selector("#message textarea", timeout=60_000)
        yield page
        browser.close()


def test_shopper_budget_feedback_profile_and_delete(page, app_url):
    _, data = app_url
    assert page.input_value("#budget textarea, #budget input") == ""  # an anonymous shopper has no usual budget (not 0)
    # pick a demo shopper
    page.click("#user input")
    page.fill("#user input", "demo-sam")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#profile-json').innerText.includes('demo-sam')", timeout=30_000)
    signals_before = SQLProfileStore(data / "profiles.sqlite").signals("demo-sam")

    # ask under a budget: the reply streams, then cards rendered from the records
    page.fill("#message textarea", f"running shoes under ${BUDGET:.0f}")
    start = time.perf_counter()
    page.click("#send")
    page.wait_for_function(
        """() => { const bots = document.querySelectorAll('#chat .bot, #chat [data-testid="bot"]');
        return bots.length > 0 && bots[bots.length - 1].innerText.trim().length > 0; }""",
        timeout=120_000,
    )
    first_token_s = time.perf_counter() - start
    page.wait_for_selector("#cards .sa-card", timeout=120_000)
    answer_s = time.perf_counter() - start
    cards = page.eval_on_selector_all(
        "#cards .sa-card", "els => els.map(e => ({id: e.dataset.productId, price: parseFloat(e.dataset.price), fits: e.dataset.fits}))"
    )
    assert cards and all(c["price"] <= BUDGET for c in cards if c["fits"] == "true"), cards
    assert all(c["fits"] == "true" for c in cards)  # the demo store has running shoes under $80
    # each card's Like / Dislike / Not for me buttons line up along the bottom of its row
    placed = page.eval_on_selector_all(
        ".sa-card-column",
        """els => els.map(e => [Math.round(e.getBoundingClientRect().top),
        Math.round(e.querySelector('.fb-thumbs_up').getBoundingClientRect().top)])""",
    )
    rows: dict[int, list[int]] = {}
    for column_top, button_top in placed:  # columns of one row start at the same height
        rows.setdefault(column_top, []).append(button_top)
    assert len(placed) == len(cards) and all(max(r) - min(r) <= 2 for r in rows.values()), placed
    page.click("#cards .sa-card details summary")  # open "Why this?"
    assert "meets:" in page.inner_text("#cards .sa-card details")
    page.screenshot(path=str(ARTIFACTS / "1-answer-with-cards.png"), full_page=True)

    # the first card's own thumbs-up goes into the profile
    page.locator(".sa-card-column").first.locator(".fb-thumbs_up").click()
    page.wait_for_function("() => document.querySelector('#status').innerText.includes('Noted')", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#profile-json').innerText.includes('thumbs_up')", timeout=30_000)
    signals_after = SQLProfileStore(data / "profiles.sqlite").signals("demo-sam")
    assert (
        len(signals_after) == len(signals_before) + 1
        and signals_after[-1].event == "thumbs_up"
        and signals_after[-1].product_id == cards[0]["id"]
    )
    page.screenshot(path=str(ARTIFACTS / "2-feedback-in-profile.png"), full_page=True)

    # another shopper at the same time sees neither this chat nor this profile
    other = page.context.browser.new_context().new_page()
    other.goto(page.url)
    other.wait_for_selector("#message textarea", timeout=60_000)
    other.wait_for_function("() => document.querySelector('#profile-json').innerText.includes('anonymous')", timeout=30_000)
    assert "running shoes" not in other.inner_text("#chat") and other.locator("#cards .sa-card").count() == 0
    other.context.close()

    # delete the profile: gone from the store, the session continues anonymously
    page.click("#delete-profile")
    page.wait_for_function("() => document.querySelector('#status').innerText.includes('Profile deleted')", timeout=30_000)
    page.wait_for_function("() => document.querySelector('#profile-json').innerText.includes('anonymous')", timeout=30_000)
    page.wait_for_selector("#cards .sa-card", state="detached", timeout=30_000)  # a fresh anonymous conversation
    assert SQLProfileStore(data / "profiles.sqlite").export("demo-sam") == {"profile": None, "signals": []}
    page.screenshot(path=str(ARTIFACTS / "3-profile-deleted.png"), full_page=True)
    assert "Traceback" not in page.content()
    timings = {"first_streamed_token_s": round(first_token_s, 2), "answer_with_cards_s": round(answer_s, 2)}
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
    print(f"browser: first streamed token {first_token_s:.2f} s, answer with cards {answer_s:.2f} s")


def test_catalog_upload_shows_rejected_rows_then_indexes(page, tmp_path):
    catalog = tmp_path / "e2e.csv"
    catalog.write_text(
        "sku,name,price,brand,category\nE1,Blue mug,12.50,Hearth,Home > Kitchen\nE2,Bad price mug,abc,Hearth,Home > Kitchen\n"
        "E3,Red kettle <img src=x onerror=window.__pwned=1> [x](http://evil.example),30,Hearth,Home > Kitchen\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "e2e.toml"
    mapping.write_text(
        '[source]\nformat = "csv"\ncurrency = "USD"\n[fields]\nid = "sku"\ntitle = "name"\nprice = "price"\nbrand = "brand"\n'
        'category = "category"\n',
        encoding="utf-8",
    )
    page.get_by_role("tab", name="Catalog").click()
    page.set_input_files("#catalog-files input[type=file]", str(catalog))
    page.set_input_files("#mapping-file input[type=file]", str(mapping))
    page.wait_for_timeout(1500)  # uploads finish before the click
    page.click("#validate")
    page.wait_for_function(
        "() => document.querySelector('#catalog-summary').innerText.includes('2 of 3 rows are valid; 1 rejected')", timeout=60_000
    )
    assert "price" in page.inner_text("#rejected") and "line 3" in page.inner_text("#rejected")
    page.fill("#catalog-name textarea, #catalog-name input", "e2e-shop")
    page.click("#index")
    page.wait_for_function("() => document.querySelector('#catalog-result').innerText.includes('added 2')", timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "4-catalog-indexed.png"), full_page=True)

    # the Shop tab can shop the new catalog right away, from its records
    page.get_by_role("tab", name="Shop").click()
    page.click("#catalog-picker input")
    page.fill("#catalog-picker input", "e2e-shop")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#status').innerText.includes('Now shopping')", timeout=120_000)
    page.fill("#message textarea", "a blue mug")
    page.click("#send")
    page.wait_for_selector("#cards .sa-card[data-product-id='E1']", timeout=120_000)
    prices = page.eval_on_selector_all("#cards .sa-card", "els => els.map(e => e.dataset.productId + ' ' + e.dataset.price)")
    assert "E1 12.50" in prices and all(p.split()[0] in ("E1", "E3") for p in prices)
    page.screenshot(path=str(ARTIFACTS / "5-shopping-the-new-catalog.png"), full_page=True)

    # a hostile title (an <img onerror>, a Markdown link) is shown as text in the chat and on the card
    page.fill("#message textarea", "a red kettle")
    page.click("#send")
    page.wait_for_selector("#cards .sa-card[data-product-id='E3']", timeout=120_000)
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('Red kettle')", timeout=60_000)
    assert page.evaluate("() => window.__pwned") is None
    hostile = page.eval_on_selector_all(
        "#chat img[src='x'], #cards img[src='x'], #chat a[href^='http://evil'], #cards a[href^='http://evil']",
        "els => els.map(e => e.outerHTML + ' IN ' + e.parentElement.outerHTML.slice(0, 300))",
    )
    assert hostile == []
    assert "<img src=x" in page.inner_text("#cards .sa-card[data-product-id='E3']")
    assert "http://evil.example" in page.inner_text("#chat")  # shown as the words it is, not as a link
    page.screenshot(path=str(ARTIFACTS / "6-hostile-title-as-text.png"), full_page=True)


def test_agent_picks_a_queued_conversation_confirms_the_action_and_sends_an_edited_draft(page, app_url):
    import sqlite3

    _, data = app_url
    page.get_by_role("tab", name="Agent").click()
    page.get_by_label("demo-02 · Cancel order placed today").check()
    page.wait_for_function("() => document.querySelector('#agent-thread').innerText.includes('ORD-10034')", timeout=30_000)
    page.click("#agent-suggest")
    page.wait_for_function("() => document.querySelector('#agent-status').innerText.includes('draft(s) in')", timeout=120_000)
    draft = page.input_value("#draft-0-text textarea")
    assert "ORD-10034" in draft and "cancel" in draft.lower()
    assert "cancel order" in page.inner_text("#agent-actions") and "Intent" in page.inner_text("#agent-overview")
    page.click("#agent-confirm-0")
    page.wait_for_function("() => document.querySelector('#agent-status').innerText.includes('Confirmed: cancel_order')", timeout=30_000)
    page.click("#draft-0-formal")
    page.wait_for_function("() => document.querySelector('#draft-0-text textarea').value.startsWith('Dear')", timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "6-agent-suggestion.png"), full_page=True)
    page.click("#draft-0-send")
    page.wait_for_function("() => document.querySelector('#agent-status').innerText.includes('Sent draft 1 (edited)')", timeout=30_000)
    assert "Agent:" in page.inner_text("#agent-thread")
    with sqlite3.connect(data / "support.sqlite") as db:
        assert db.execute("select decision, substr(text, 1, 4) from decisions").fetchall() == [("edited", "Dear")]
        assert db.execute("select count(*) from confirmed_actions").fetchone() == (1,)
    page.screenshot(path=str(ARTIFACTS / "7-agent-sent.png"), full_page=True)
    assert "Traceback" not in page.content()
