"""Sign-in end to end: `app.py` with app.auth = "users" on loopback, in Debian's headless Chromium.
A wrong password is refused; a shopper sees only their own name in the picker and no Agent tab; an
agent gets the Agent tab and can open a queued conversation."""

from __future__ import annotations

import json
import os
import sys

import pytest

from assistant.accounts import add_account
from tests.conftest import free_port, loopback_server
from tests.test_app_browser import CHROMIUM, FLAGS, ROOT, require_browser

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory, llama_cpp):
    require_browser()
    data = tmp_path_factory.mktemp("auth-app")
    add_account(data / "users.toml", "alice", "alice-password", "agent")
    add_account(data / "users.toml", "sam", "sam-password")
    port = free_port()
    options = [f"paths.data_dir={json.dumps(str(data))}", 'app.auth="users"', "support.model_drafts=false", "llm.backend=llamacpp"]
    command = [sys.executable, str(ROOT / "app.py"), "--port", str(port), *[a for o in options for a in ("--set", o)]]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    with loopback_server(command, port, data / "app.log", timeout_s=240, env=env):
        yield f"http://127.0.0.1:{port}/"


def _sign_in(browser, url: str, name: str, password: str):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(url)
    page.fill("input[type=text], input[name=username]", name)
    page.fill("input[type=password]", password)
    page.keyboard.press("Enter")
    return page


def test_sign_in_binds_the_shopper_and_shows_the_agent_tab_to_agents_only(signed_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        wrong = _sign_in(browser, signed_app, "sam", "not-sams-password")
        wrong.wait_for_selector("text=Incorrect", timeout=30_000)
        shopper = _sign_in(browser, signed_app, "sam", "sam-password")
        shopper.wait_for_selector("#message textarea", timeout=60_000)
        shopper.wait_for_selector("text=Signed in as sam", timeout=30_000)
        assert shopper.input_value("#user input") == "sam"
        assert shopper.get_by_role("tab", name="Agent").count() == 0
        agent = _sign_in(browser, signed_app, "alice", "alice-password")
        agent.wait_for_selector("#message textarea", timeout=60_000)
        agent.get_by_role("tab", name="Agent").click()
        agent.click("#agent-queue label >> nth=0")
        agent.wait_for_selector("#agent-thread >> text=Customer", timeout=30_000)
        browser.close()
