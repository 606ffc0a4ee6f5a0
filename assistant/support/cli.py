"""The agent-assist commands: `suggest` (a suggestion for a conversation) and `agent-log` (what agents
did with suggestions: figures, and the accepted and edited replies as training data)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.config import Config


def add_commands(add) -> None:
    """Register the commands on the main parser (`add(name, **kwargs)` makes a subcommand)."""
    suggest = add("suggest", help="customer-service agent assist: drafts, hand-off and proposed actions for a conversation")
    suggest.add_argument(
        "file", nargs="?", default="-", help='conversation: JSON {"messages": [...]} or "Customer: …" lines; - or none reads stdin'
    )
    suggest.add_argument("--json", action="store_true", help="print the structured suggestion")
    suggest.set_defaults(run=_suggest)
    log = add("agent-log", help="what agents did with suggestions: figures, or accepted and edited replies as training data")
    log.add_argument(
        "step", choices=("stats", "export"), help="stats: acceptance, edits, intents, unanswered questions; export: chat JSONL"
    )
    log.add_argument("--out", type=Path, metavar="FILE", help="export: the JSONL file to write (default: stdout)")
    log.add_argument("--json", action="store_true", help="stats: machine-readable output")
    log.set_defaults(run=_agent_log)


def _suggest(config: Config, args: argparse.Namespace) -> int:
    from assistant.builders import build_support
    from assistant.cli import _print
    from assistant.support.thread import read_thread

    name = "stdin" if args.file == "-" else args.file
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read the conversation {name}: {exc}", file=sys.stderr)
        return 2
    thread = read_thread(text, thread_id=Path(name).stem)
    suggestion = build_support(config).suggest(thread)
    _print(json.dumps(suggestion.as_dict(), indent=2, ensure_ascii=False) if args.json else suggestion.as_text())
    return 0


def _agent_log(config: Config, args: argparse.Namespace) -> int:
    from assistant.builders import build_suggestion_log, store_name
    from assistant.cli import _print

    log = build_suggestion_log(config)
    if args.step == "export":
        lines = [json.dumps(example, ensure_ascii=False) for example in log.training_examples(store_name(config))]
        text = "".join(line + "\n" for line in lines)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
            print(f"{len(lines)} examples written to {args.out}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    figures = log.analytics()
    if args.json:
        print(json.dumps(figures.as_dict(), indent=2, ensure_ascii=False))
        return 0
    lines = [
        f"suggestions: {figures.suggestions}, decided: {figures.decided}, hand-offs: {figures.handoffs}, actions confirmed: {figures.actions_confirmed}",
        f"decisions: accepted {figures.accepted:.0%}, edited {figures.edited:.0%}, discarded {figures.discarded:.0%}"
        + (f"; edited drafts changed {figures.edit_distance:.0%} of their text on average" if figures.edit_distance is not None else ""),
        "top intents: " + (", ".join(f"{intent} {n}" for intent, n in figures.top_intents) or "none yet"),
        "questions the policy did not answer (candidate FAQ entries):",
        *(f"  {n}x  {question}" for question, n in figures.unanswered),
    ]
    _print("\n".join(lines))
    return 0
