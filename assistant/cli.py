"""The `shopassist` command line: `index`, `search`, `ask` (scripts and evaluators) and `chat`.

This is a boundary: it builds the config once, calls the builders, prints results, and turns
the project's typed errors into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from dataclasses import asdict, replace
from pathlib import Path

from assistant.answer import Answer
from assistant.config import Config, load_config
from assistant.profiles import ProfileError, check_user_id
from assistant.render import answer_json, answer_text, joined, rating_text, stock_text
from retrieval.catalog import CONTROL
from retrieval.filters import Filters
from retrieval.search import SearchResult
from runtime.errors import UserError
from runtime.redact import redact_logs

log = logging.getLogger("shopassist")


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; returns the exit status."""
    args = parse_args(argv)
    # nothing downloads at run time: since transformers 5.25 brings `kernels`, bitsandbytes (imported
    # by peft) would otherwise try to fetch its CPU kernel from the Hugging Face Hub
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    redact_logs()  # no email, phone, card or order number of a shopper or customer in any log line
    # bitsandbytes (imported by peft) warns on every start that an optional CPU kernel package is absent
    logging.getLogger("bitsandbytes").setLevel(logging.DEBUG if args.verbose else logging.ERROR)
    try:
        overrides = list(args.set)
        if getattr(args, "catalog", None):
            overrides.append(f"catalog.paths={json.dumps(args.catalog)}")
        if getattr(args, "mapping", None):
            overrides.append(f"catalog.mapping={json.dumps(args.mapping)}")
        if getattr(args, "strict", False):
            overrides.append("catalog.strict=true")
        config = load_config(args.config, overrides)
        return args.run(config, args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the index is marked incomplete until a run finishes; re-run `shopassist index`", file=sys.stderr)
        return 130


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line; the global options (--config, --set, -v) may come before or after the subcommand."""
    args = _parser().parse_args(argv)
    args.set = args.set + getattr(args, "sub_set", [])
    if getattr(args, "sub_config", None):
        if args.config:
            _parser().error("--config given twice (before and after the subcommand)")
        args.config = args.sub_config
    args.verbose = args.verbose or getattr(args, "sub_verbose", False)
    return args


def _warn(warning: str) -> None:
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def _print(text: str, **kwargs) -> None:
    """Output for a terminal: control characters (escape sequences a title or the model could carry) removed."""
    print(CONTROL.sub("", text), **kwargs)


def _doctor(config: Config, args: argparse.Namespace) -> int:
    from assistant.doctor import diagnose, report_json, report_text

    diagnosis = diagnose(config, speed_tokens=args.speed_tokens)
    print(json.dumps(report_json(diagnosis), indent=2) if args.json else report_text(diagnosis))
    return 0 if diagnosis.ok else 1


def _index(config: Config, args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from assistant.builders import build_client, build_embedder, run_index

    embedder = build_embedder(config)
    client = build_client(config)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None or bar.total != total or done < bar.n:
            if bar is not None:
                bar.close()
            bar = tqdm(total=total, desc="embedding", unit="doc", file=sys.stderr, disable=args.quiet)
        bar.update(done - bar.n)

    report = run_index(config, embedder, client, rebuild=args.rebuild, progress=progress)
    if bar is not None:
        bar.close()
    print(report.catalog.summary(limit=args.show_rejected))
    print(f"products: {report.products}")
    if report.review_count or report.review_rejections:
        print(f"reviews: {report.review_count} loaded, {len(report.review_rejections)} rejected; chunks: {report.reviews}")
        for rejection in report.review_rejections[: args.show_rejected]:
            print(f"  {rejection}")
    return 0


def _search(config: Config, args: argparse.Namespace) -> int:
    from assistant.builders import build_client, build_embedder, build_searches

    k = args.k if args.k is not None else config.search.k
    settings = replace(config.search, k=k, candidates=max(config.search.candidates, k), mmr=args.mmr or config.search.mmr)
    products, reviews = build_searches(config, build_embedder(config), build_client(config))
    if args.reviews:
        hits = reviews.search(args.query, tuple(args.product), settings=settings)
        _warn(reviews.index.warning)
        rows = [
            {"chunk_id": h.chunk.id, "product_id": h.chunk.product_id, "rating": h.chunk.rating, "text": h.chunk.text, **_arms(h.ranking)}
            for h in hits
        ]
        lines = [f"{i}. [{r['product_id']}] {r['text'][:160]}" for i, r in enumerate(rows, 1)]
        scope = f" of {', '.join(args.product)}" if args.product else ""
        _print(json.dumps(rows, indent=2, ensure_ascii=False) if args.json else "\n".join(lines) or f"no review snippet{scope} matches")
        return 0
    filters = Filters(
        price_min=args.min_price,
        price_max=args.max_price,
        currency=args.currency,
        brands=tuple(args.brand),
        exclude_brands=tuple(args.exclude_brand),
        category=args.category or "",
        min_rating=args.min_rating,
        in_stock=args.in_stock,
    )
    result = products.search(args.query, filters, settings)
    _warn(result.warning)
    _print(json.dumps(_result_json(result), indent=2, ensure_ascii=False) if args.json else _result_text(result))
    return 0


def _ask(config: Config, args: argparse.Namespace) -> int:
    from assistant.builders import build_assistant

    assistant = build_assistant(config)
    _warn(assistant.warning)
    session = _session(assistant, args.user)
    answers = [assistant.ask(session, turn) for turn in args.turns]
    if args.json:
        _print(
            json.dumps(answer_json(answers[-1]) if len(answers) == 1 else [answer_json(a) for a in answers], indent=2, ensure_ascii=False)
        )
    else:
        _print(answer_text(answers[-1]))
    return 0


def _chat(config: Config, args: argparse.Namespace) -> int:
    from assistant.builders import build_assistant

    assistant = build_assistant(config)
    _warn(assistant.warning)
    session = _session(assistant, args.user)
    print(f"Shopping assistant for {assistant.store_name} ({len(assistant.catalog)} products). /feedback N up|down|no, /reset, /quit.")
    while True:
        try:
            text = input("\nyou> ").strip()
        except EOFError:
            return 0
        if text in ("/quit", "/exit"):
            return 0
        if text == "/reset":
            session.clear()
            continue
        if text.startswith("/feedback"):
            print(_feedback(assistant, session, text.split()[1:]))
            continue
        if not text:
            continue
        print("assistant> ", end="", flush=True)
        try:
            _chat_turn(assistant, session, text)
        except UserError as exc:
            print(f"\nerror: {exc}", file=sys.stderr)


def _chat_turn(assistant, session, text: str) -> None:
    """Show that the model is writing, then the answer checked against the catalog. The unchecked
    draft is never printed: a terminal cannot take back what grounding later repairs."""
    pieces = 0
    for item in assistant.respond(session, text):
        if isinstance(item, Answer):
            print()
            _print(item.text)
            _print(answer_text(item, with_text=False))
        else:
            pieces += 1
            if pieces % 8 == 1:
                print(".", end="", flush=True)


def _session(assistant, user: str | None):
    from assistant.conversation import Session

    if user is not None:
        if not user.strip():
            raise ProfileError("--user is empty; leave --user out to shop anonymously, or name a shopper profile")
        check_user_id(user)
    if user and (assistant.profiles is None or assistant.profiles.get(user) is None):
        from assistant.profiles import demo_user_ids
        from retrieval.catalog import DEMO_DIR

        raise ProfileError(f"no profile {user!r}; the demo shoppers are {', '.join(demo_user_ids(DEMO_DIR / 'profiles.json'))}")
    return Session(user_id=user)


def _feedback(assistant, session, words: list[str]) -> str:
    events = {"up": "thumbs_up", "down": "thumbs_down", "no": "not_for_me"}
    if len(words) != 2 or not words[0].isdigit() or words[1] not in events or not 1 <= int(words[0]) <= len(session.shown):
        return "usage: /feedback N up|down|no  (N: a product number of the last recommendation list)"
    product = session.shown[int(words[0]) - 1]
    user = assistant.feedback(session, product.id, events[words[1]])
    return f"noted for {user}: {events[words[1]]} on {product.title}"


def _arms(r) -> dict:
    return {
        "score": round(r.score, 6),
        "dense_rank": r.dense_rank,
        "dense_score": round(r.dense_score, 4),
        "lexical_rank": r.lexical_rank,
        "lexical_score": round(r.lexical_score, 4),
    }


def _result_json(result: SearchResult) -> dict:
    return {
        "matched": result.matched,
        "warning": result.warning,
        "hits": [
            {**asdict(h.product), "category": h.product.category_path, "attributes": dict(h.product.attributes), **_arms(h.ranking)}
            for h in result.hits
        ],
    }


def _result_text(result: SearchResult) -> str:
    if not result.hits:
        return f"no product matches ({result.matched} pass the filters)"
    lines = [f"{result.matched} products pass the filters; top {len(result.hits)}:"]
    for i, hit in enumerate(result.hits, 1):
        p, r = hit.product, hit.ranking
        facts = [
            f"{p.price:,.2f} {p.currency}",
            p.brand or "no brand",
            p.category_path,
            rating_text(p.rating, p.rating_count),
            stock_text(p.availability, p.stock),
        ]
        lines.append(f"{i:>2}. {p.title} [{p.id}]")
        lines.append("    " + joined(facts))
        dense = f"#{r.dense_rank}" if r.dense_rank else "-"
        lexical = f"#{r.lexical_rank}" if r.lexical_rank else "-"
        lines.append(f"    fused {r.score:.4f} · dense {dense} ({r.dense_score:.3f}) · bm25 {lexical} ({r.lexical_score:.2f})")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shopassist", description="Conversational shopping assistant: catalog indexing and search.")
    parser.add_argument("--config", help="TOML config file (see README)")
    parser.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="override one config value; repeatable")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    # the same options after the subcommand, under their own names (merged by parse_args)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", dest="sub_config", default=argparse.SUPPRESS, help="TOML config file (see README)")
    common.add_argument(
        "--set",
        dest="sub_set",
        action="append",
        default=argparse.SUPPRESS,
        metavar="SECTION.KEY=VALUE",
        help="override one config value; repeatable",
    )
    common.add_argument("-v", "--verbose", dest="sub_verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    def add(name: str, **kwargs) -> argparse.ArgumentParser:
        return sub.add_parser(name, parents=[common], **kwargs)

    index = add("index", help="load, validate and (incrementally) index a catalog and its reviews")
    index.add_argument("--catalog", nargs="+", metavar="FILE", help="catalog file(s); default: the demo store")
    index.add_argument("--mapping", help="column-mapping TOML for the catalog files")
    index.add_argument("--strict", action="store_true", help="fail on the first bad row instead of skipping it")
    index.add_argument("--rebuild", action="store_true", help="drop the collections and re-embed everything")
    index.add_argument("--show-rejected", type=int, default=10, metavar="N", help="list at most N rejected rows (default 10)")
    index.add_argument("--quiet", action="store_true", help="no progress bar")
    index.set_defaults(run=_index)

    search = add("search", help="hybrid search of the indexed catalog (or its reviews)")
    search.add_argument("query")
    search.add_argument("--k", type=int, help="number of results")
    search.add_argument("--min-price", type=float)
    search.add_argument("--max-price", type=float)
    search.add_argument("--currency", help="currency of --min/--max-price (default: the catalog's only currency)")
    search.add_argument("--brand", action="append", default=[], help="keep only this brand; repeatable")
    search.add_argument("--exclude-brand", action="append", default=[], help="drop this brand; repeatable")
    search.add_argument("--category", help='category prefix, e.g. "Electronics > Headphones"')
    search.add_argument("--min-rating", type=float)
    search.add_argument("--in-stock", action="store_true", help="only products the catalog says are available")
    search.add_argument("--mmr", action="store_true", help="diversify results (maximal marginal relevance)")
    search.add_argument("--reviews", action="store_true", help="search review snippets instead of products")
    search.add_argument("--product", action="append", default=[], help="with --reviews: only this product's reviews; repeatable")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.set_defaults(run=_search)

    ask = add("ask", help="answer one or more shopper turns (later turns refine earlier ones)")
    ask.add_argument("turns", nargs="+", metavar="TURN")
    ask.add_argument("--user", help="shopper profile id (an unknown id lists the demo shoppers); default: anonymous")
    ask.add_argument("--json", action="store_true", help="print the structured answer")
    ask.set_defaults(run=_ask)

    chat = add("chat", help="a terminal conversation with streamed replies")
    chat.add_argument("--user", help="shopper profile id (an unknown id lists the demo shoppers); default: anonymous")
    chat.set_defaults(run=_chat)

    doctor = add("doctor", help="check this installation: backend, llama.cpp build, CPU flags, model files, a smoke test and tokens/s")
    doctor.add_argument("--json", action="store_true", help="machine-readable output")
    doctor.add_argument(
        "--speed-tokens", type=int, default=64, metavar="N", help="decode tokens timed for the tokens/s figure (default 64)"
    )
    doctor.set_defaults(run=_doctor)

    evaluate = add("eval", help="the offline QA harness: run suites on data files, compare runs, gate on thresholds")
    steps = evaluate.add_subparsers(required=True, metavar="STEP")
    run = steps.add_parser("run", parents=[common], help="run suites and write a run folder (metrics.json, cases.jsonl, report.md, plots)")
    run.add_argument(
        "--suite",
        default="assistant",
        help="suite(s), comma-separated: assistant, product_qa, shopbench, latency, support, assist (default: assistant)",
    )
    run.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="[SUITE=]PATH",
        help="a data file for every suite, or for one; repeatable (default: each suite's)",
    )
    run.add_argument("--catalog", dest="eval_catalog", metavar="NAME", help="run every case on this catalog instead of the one it names")
    run.add_argument("--limit", type=int, default=0, metavar="N", help="at most N cases per data file (latency: N queries, default 40)")
    run.add_argument(
        "--adapter",
        action="append",
        default=[],
        metavar="TASK=PATH|none",
        help="a LoRA adapter under test for its task's replies and suites (shopper, support), repeatable; none: the base model for all (default: llm.adapters)",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="cases asked at once: for a model behind an OpenAI-compatible server (default 1)",
    )
    run.add_argument("--quick", action="store_true", help="a small fixed slice of each file (every sixth case)")
    run.add_argument("--repeat", type=int, metavar="N", help="ask the first N cases twice, for consistency (default 10; --quick: 3)")
    run.add_argument("--baseline", type=Path, metavar="RUN", help="an earlier run folder: its values beside these in the report")
    run.add_argument("--gate", type=Path, metavar="TOML", help="thresholds; exit 1 when a metric is past one")
    run.add_argument("--out", type=Path, metavar="DIR", help="the run folder (default: <data_dir>/eval-runs/<time>)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(run=_eval_run)
    compare = steps.add_parser("compare", parents=[common], help="the table of differences between two runs")
    compare.add_argument("run_a", type=Path, metavar="RUN_A")
    compare.add_argument("run_b", type=Path, metavar="RUN_B")
    compare.add_argument("--gate", type=Path, metavar="TOML", help="thresholds checked on RUN_B; exit 1 when a metric is past one")
    compare.set_defaults(run=_eval_compare)
    from assistant.accounts import add_commands as add_accounts
    from assistant.support.cli import add_commands as add_support
    from finetune.cli import add_commands  # parsers only: training's heavy imports wait for the command

    add_support(add)
    add_accounts(add)
    add_commands(add, common)
    return parser


def _eval_run(config: Config, args: argparse.Namespace) -> int:
    from eval.cli import run_command  # the harness sits above the assistant: imported only by this command

    return run_command(config, args)


def _eval_compare(config: Config, args: argparse.Namespace) -> int:
    from eval.cli import compare_command

    return compare_command(config, args)


if __name__ == "__main__":
    sys.exit(main())
