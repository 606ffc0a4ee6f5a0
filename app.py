"""The Gradio app: the shopping assistant on localhost. Wiring only: each tab is a module of `ui/`.

Run: `.venv/bin/python app.py [--config FILE] [--set section.key=value ...] [--host H] [--port P] [--share]`
(the README's run command does this on the demo store). The model is loaded once and shared by
every browser session; each session keeps its own conversation and profile choice.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import replace

from assistant.config import Config, load_config
from runtime.errors import UserError
from runtime.redact import redact_logs

log = logging.getLogger("shopassist.app")
OPEN_DEMO = (
    "*Open demo mode: anyone can pick any demo shopper and use the Agent tab. "
    'Set `app.auth = "users"` (accounts: `shopassist users add`) or `"header"` (a reverse proxy signs users in) to require sign-in.*'
)


def build_app(config: Config, embedder=None, client=None, generator=None, profiles=None):
    """Index the demo store if it is the configured catalog, build the assistant, and lay out the tabs."""
    import gradio as gr

    from assistant.accounts import users_file
    from assistant.builders import build_assistant, build_client, build_embedder, build_suggestion_log, build_support, is_demo, run_index
    from assistant.profiles import demo_user_ids
    from retrieval.catalog import DEMO_DIR
    from ui.agent import AgentCallbacks, build_agent_tab, read_queue
    from ui.auth import Gate
    from ui.catalog import CatalogCallbacks, build_catalog_tab
    from ui.shop import ShopCallbacks, build_shop_tab
    from ui.style import CSS

    embedder = embedder or build_embedder(config)
    client = client if client is not None else build_client(config)
    demo = is_demo(config)
    if demo:  # incremental: a no-op after the first start
        run_index(config, embedder, client)
    assistant = build_assistant(config, embedder, client, generator, profiles)
    demo_users = demo_user_ids(DEMO_DIR / "profiles.json") if demo else ()

    def assistant_for(name: str):  # another indexed catalog, sharing the model, embedder and profiles
        other = replace(
            config, catalog=replace(config.catalog, name=name, paths=(), mapping=""), assistant=replace(config.assistant, policy="")
        )
        return build_assistant(other, embedder, client, assistant.generator, assistant.profiles)  # no policy unless it is the demo store

    gate = Gate(config.app.auth, users_file(config), config.app.user_header)
    shop = ShopCallbacks(assistant, demo_users, assistant_for, gate)
    support = build_support(config, embedder, assistant.generator, client)  # the agent's side shares the model and the store
    queue = read_queue(DEMO_DIR / "conversations.jsonl") if not config.support.orders else []  # the demo book's conversations
    agent = AgentCallbacks(support, build_suggestion_log(config), queue, assistant.generator if config.support.model_tone else None, gate)
    catalog = CatalogCallbacks(config, embedder, client, on_indexed=shop.forget)

    def catalog_choices() -> list[str]:  # read again on each page load: catalogs indexed since start appear
        return sorted({config.catalog.name, *catalog.catalogs()})

    with gr.Blocks(title=f"{assistant.store_name} — shopping assistant") as app:
        gr.Markdown(
            f"## {assistant.store_name} — shopping assistant\n{len(assistant.catalog)} products · answers use only catalog records"
            + (f"\n\n**Warning:** {assistant.warning}" if assistant.warning else "")
            + (f"\n\n{OPEN_DEMO}" if gate.open else ""),
            elem_id="header",
        )
        with gr.Tab("Shop"):
            picker = build_shop_tab(shop, catalog_choices(), config.catalog.name, app)
        with gr.Tab("Agent", visible=gate.open) as agent_tab:  # with accounts, shown to agents once they load the page
            build_agent_tab(agent, app, agent_tab)
        with gr.Tab("Catalog"):
            build_catalog_tab(catalog, picker)
        app.load(lambda: gr.update(choices=catalog_choices()), None, [picker])
    app.queue(default_concurrency_limit=4)
    return app, CSS


def users_login(config: Config):
    """Gradio's login check under app.auth = "users" (None otherwise); no accounts yet is an error."""
    if config.app.auth != "users":
        return None
    from assistant.accounts import AccountError, read_accounts, users_file
    from ui.auth import Gate

    users = users_file(config)
    if not read_accounts(users):
        raise AccountError(f'app.auth is "users" but {users} has no accounts; add one with `shopassist users add NAME --role agent`')
    return Gate("users", users).login


def parser() -> argparse.ArgumentParser:
    """The app's command line."""
    parser = argparse.ArgumentParser(description="The shopping assistant's Gradio app.")
    parser.add_argument("--config", help="TOML config file (see README)")
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="override one config value; repeatable")
    parser.add_argument("--host", help="listen address (default: app.host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: app.port, 7860)")
    parser.add_argument("--share", action="store_true", help="create a public Gradio share link (needs the internet)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home: the app runs offline
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing downloads at run time (bitsandbytes would fetch a kernel from the Hub)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redact_logs()  # no email, phone, card or order number of a shopper or customer in any log line
    overrides = (
        list(args.set) + ([f"app.host={json.dumps(args.host)}"] if args.host else []) + ([f"app.port={args.port}"] if args.port else [])
    )
    overrides += ["app.share=true"] if args.share else []
    try:
        config = load_config(args.config, overrides)
        gate_login = users_login(config)
        app, css = build_app(config)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    log.info("serving on http://%s:%d (auth: %s)", config.app.host, config.app.port, config.app.auth)
    app.launch(
        auth=gate_login,
        auth_message="Sign in with your shop account.",
        server_name=config.app.host,
        server_port=config.app.port,
        share=config.app.share,
        css=css,
        show_error=False,
        max_file_size=f"{config.app.max_upload_mb}mb",
        footer_links=[],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
