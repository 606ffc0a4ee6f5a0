"""What the policy allows for an order: the rules of a policy document as data (a TOML file beside
it), and the check of one action — cancel, change the address, return, exchange, report damage —
against an order on a given day. The answer says yes or no, why, under which conditions, until
when, and which policy section says so, so an agent can confirm a proposed action knowingly.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from assistant.support.orders import Order, long_date
from runtime.errors import UserError

ACTIONS = ("cancel", "change_address", "return", "exchange", "damage_claim")
TAU_BENCH_RULES = Path(__file__).with_name("tau_bench_rules.toml")  # τ-bench retail's policy_wiki.md as rules, written by the project


class RulesError(UserError, ValueError):
    """A policy rules file that cannot be used; the message names the file, the key and the fix."""


@dataclass(frozen=True)
class ActionRule:
    statuses: tuple[str, ...]  # order statuses the action is allowed in
    section: str  # the policy section that states it (its citation)
    window_days: int | None = None  # days from delivery it stays open; None: no limit
    otherwise: str = ""  # what the policy offers when the status does not allow it


@dataclass(frozen=True)
class PolicyRules:
    name: str  # the rules file, for messages
    actions: dict[str, ActionRule]
    holiday: tuple[str, str, str] | None = None  # ("11-15", "12-24", "01-31"): delivered between the first two, returnable until the third
    max_exchanges_per_item: int | None = None
    final_once_opened: tuple[str, ...] = ()  # category prefixes or name words: returnable only unopened
    conditions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # action -> conditions the policy puts on it, as it words them
    restocking: tuple[tuple[str, str], ...] = ()  # (category prefix, condition), e.g. laptops' 15% fee when opened


@dataclass(frozen=True)
class Eligibility:
    action: str
    allowed: bool
    reasons: tuple[str, ...]  # why (not), in plain words, from the order's facts and the rule
    conditions: tuple[str, ...] = ()  # what must hold for it to go ahead
    deadline: date | None = None  # the last day it is open
    section: str = ""  # the policy section behind the answer
    otherwise: str = ""  # when not allowed: what the policy offers instead, as it words it


def load_rules(path: Path) -> PolicyRules:
    """A policy's rules TOML (format: retrieval/demo_store/policy_rules.toml)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesError(
            f"{path}: no such policy rules file; write one beside the policy (see retrieval/demo_store/policy_rules.toml)"
        ) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path}: not a TOML rules file ({exc}); fix the syntax") from None
    unknown = set(data) - {"actions", "holiday", "max_exchanges_per_item", "final_once_opened", "conditions", "restocking"}
    if unknown:
        raise RulesError(
            f"{path}: unknown key(s) {sorted(unknown)}; allowed: actions, holiday, max_exchanges_per_item, final_once_opened, conditions, restocking"
        )
    actions = {}
    for name, rule in data.get("actions", {}).items():
        if name not in ACTIONS:
            raise RulesError(f"{path}: [actions.{name}] is not an action; use one of {', '.join(ACTIONS)}")
        try:
            actions[name] = ActionRule(tuple(rule["statuses"]), rule["section"], rule.get("window_days"), rule.get("otherwise", ""))
        except (KeyError, TypeError) as exc:
            raise RulesError(f"{path}: [actions.{name}] needs statuses (a list) and section (a heading of the policy): {exc}") from None
    holiday = data.get("holiday")
    if holiday is not None and (len(holiday) != 3 or not all(_month_day(x, 2026) for x in holiday)):
        raise RulesError(f'{path}: holiday must be three "MM-DD" days (from, to, returnable until), got {holiday!r}')
    return PolicyRules(
        name=str(path),
        actions=actions,
        holiday=tuple(holiday) if holiday else None,
        max_exchanges_per_item=data.get("max_exchanges_per_item"),
        final_once_opened=tuple(data.get("final_once_opened", ())),
        conditions={k: tuple(v) for k, v in data.get("conditions", {}).items()},
        restocking=tuple((k, v) for k, v in data.get("restocking", {}).items()),
    )


def check(action: str, order: Order, rules: PolicyRules, today: date, item_ids: tuple[str, ...] = ()) -> Eligibility:
    """Whether the policy allows `action` on `order` today (for `item_ids`, default all its items)."""
    rule = rules.actions.get(action)
    if rule is None:
        return Eligibility(action, False, (f"the policy ({Path(rules.name).name}) has no rule for {action.replace('_', ' ')}",))
    items = item_ids or tuple(line.item_id for line in order.lines)
    unknown = [i for i in items if order.line(i) is None]
    if unknown:
        return Eligibility(action, False, (f"it has no item {', '.join(unknown)}",), section=rule.section)
    if order.status not in rule.statuses:
        why = f"it is {order.status}, and the policy allows this only while it is {' or '.join(rule.statuses)}"
        return Eligibility(action, False, (why,), section=rule.section, otherwise=rule.otherwise)
    reasons = [f"it is {order.status}"]
    conditions = list(rules.conditions.get(action, ()))
    deadline = None
    if rule.window_days is not None:
        delivered = order.delivered_on
        if delivered is None:
            return Eligibility(action, False, ("it has no delivery date on record",), section=rule.section)
        deadline = delivered + timedelta(days=rule.window_days)
        if action == "return" and rules.holiday:
            deadline = max(deadline, _holiday_deadline(rules.holiday, delivered) or deadline)
        if today > deadline:
            why = f"it was delivered on {long_date(delivered)}, and the {rule.window_days}-day window closed on {long_date(deadline)}"
            return Eligibility(action, False, (why,), deadline=deadline, section=rule.section)
        reasons.append(f"delivered on {long_date(delivered)}, open until {long_date(deadline)}")
    if action in ("return", "exchange"):
        done = [r for r in order.returns if r.kind == "return" and set(r.item_ids) & set(items)]
        if done:
            return Eligibility(
                action,
                False,
                (f"a return of {', '.join(done[0].item_ids)} is already {done[0].status} ({done[0].return_id})",),
                section=rule.section,
            )
    if action == "exchange" and rules.max_exchanges_per_item is not None:
        for item in items:
            times = sum(item in r.item_ids for r in order.returns if r.kind == "exchange")
            if times >= rules.max_exchanges_per_item:
                why = f"{item} was already exchanged {times} times, and the policy allows {rules.max_exchanges_per_item}"
                return Eligibility(action, False, (why,), deadline=deadline, section=rule.section)
    if action == "return":
        lines = [order.line(i) for i in items]
        final = [line.name for line in lines if any(_matches(word, line.name, line.category) for word in rules.final_once_opened)]
        if final:
            conditions.append(f"returnable only unopened: {'; '.join(final)}")
        conditions += [text for prefix, text in rules.restocking if any(line.category.startswith(prefix) for line in lines)]
    return Eligibility(action, True, tuple(reasons), tuple(conditions), deadline, rule.section)


def _matches(word: str, name: str, category: str) -> bool:
    return category.startswith(word) or word.lower() in name.lower()


def _month_day(text: str, year: int) -> date | None:
    try:
        month, day = (int(x) for x in str(text).split("-"))
        return date(year, month, day)
    except ValueError:
        return None


def _holiday_deadline(holiday: tuple[str, str, str], delivered: date) -> date | None:
    """The holiday rule's last day when `delivered` falls in its season, else None."""
    start, end = _month_day(holiday[0], delivered.year), _month_day(holiday[1], delivered.year)
    if start and end and start <= delivered <= end:
        until = _month_day(holiday[2], delivered.year)
        return until.replace(year=delivered.year + 1) if until and until < start else until
    return None
