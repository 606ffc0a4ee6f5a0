"""The support suite's τ-bench retail half: tasks (`tasks_*.json`: `user_id`, `instruction`, gold
`actions` [{name, kwargs}]) in a folder that also holds the domain's `policy_wiki.md`, `users.json`,
`orders.json` and `products.json`. The model under test gets the policy, the retail tools, the
customer's records (profile, orders and, when they fit the context, the variants of the products
ordered) and the customer's scenario, and lists the tool calls it would make, in order. Scored:

- the first consequential call (one that changes an order or the account, or hands over to a
  person) against the task's first gold action: the name, and the name with its arguments (lists as
  multisets, numbers as numbers, strings stripped);
- the policy's first rule, "authenticate the user identity by locating their user id via email, or
  via name + zip code" before anything else: predictions whose first call that touches the
  customer's orders or account comes before any `find_user_id_by_*` call skip it.
"""

from __future__ import annotations

import ast
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.templates import load_prompt
from eval.assistant_suite import Metric, percentile
from eval.cases import CaseError, read_text
from eval.workers import in_order
from runtime.base import GenerationParams, Message

WORLD_FILES = ("policy_wiki.md", "users.json", "orders.json", "products.json")
AUTHENTICATE = ("find_user_id_by_email", "find_user_id_by_name_zip")
CONSEQUENTIAL = (
    "cancel_pending_order",
    "modify_pending_order_address",
    "modify_pending_order_items",
    "modify_pending_order_payment",
    "return_delivered_order_items",
    "exchange_delivered_order_items",
    "modify_user_address",
    "transfer_to_human_agents",
)
NEUTRAL = ("think", "calculate", "list_all_product_types", "get_product_details", "transfer_to_human_agents")  # touch no customer data
TOOLS = {  # τ-bench retail's tools: name -> (arguments, what it does)
    "find_user_id_by_email": ("email", "the user id of an email address"),
    "find_user_id_by_name_zip": ("first_name, last_name, zip", "the user id of a name and zip code"),
    "get_user_details": ("user_id", "the user's profile, payment methods and order ids"),
    "get_order_details": ("order_id", "an order's status, items, fulfillments and payments"),
    "get_product_details": ("product_id", "a product's variants"),
    "list_all_product_types": ("", "every product name and id"),
    "calculate": ("expression", "the value of an arithmetic expression"),
    "think": ("thought", "a note to yourself; changes nothing"),
    "cancel_pending_order": ("order_id, reason", "cancel a pending order; reason is 'no longer needed' or 'ordered by mistake'"),
    "modify_pending_order_address": ("order_id, address1, address2, city, state, country, zip", "change a pending order's address"),
    "modify_pending_order_items": (
        "order_id, item_ids, new_item_ids, payment_method_id",
        "swap items of a pending order for other variants",
    ),
    "modify_pending_order_payment": ("order_id, payment_method_id", "change a pending order's payment method"),
    "modify_user_address": ("user_id, address1, address2, city, state, country, zip", "change the user's default address"),
    "return_delivered_order_items": ("order_id, item_ids, payment_method_id", "return items of a delivered order for a refund"),
    "exchange_delivered_order_items": (
        "order_id, item_ids, new_item_ids, payment_method_id",
        "exchange items of a delivered order for other variants of the same products",
    ),
    "transfer_to_human_agents": ("summary", "hand the conversation to a person"),
}
NEW_TOKENS = 192
CALL = re.compile(r"([A-Za-z_]\w*)\s*\((.*)\)\s*$")


@dataclass(frozen=True)
class Task:
    index: int  # position in the file, from 0 (τ-bench numbers tasks this way)
    user_id: str
    instruction: str
    actions: tuple[tuple[str, dict], ...]  # gold (name, kwargs), in order


@dataclass(frozen=True)
class World:
    policy: str
    users: dict
    orders: dict
    products: dict


def read_tasks(path: Path) -> tuple[list[Task], World]:
    """The tasks of a τ-bench tasks file and the domain files beside it; a CaseError naming the task
    and field, or the missing file, otherwise."""
    folder = Path(path).parent
    missing = [name for name in WORLD_FILES if not (folder / name).is_file()]
    if missing:
        raise CaseError(f"{path}: no {', '.join(missing)} beside it; a τ-bench tasks file sits in a folder with {', '.join(WORLD_FILES)}")
    world = World(read_text(folder / "policy_wiki.md", "policy").strip(), *(_json(folder / n) for n in WORLD_FILES[1:]))
    raw_tasks = _json(path)
    if not isinstance(raw_tasks, list) or not raw_tasks:
        raise CaseError(f"{path}: expected a non-empty JSON list of tasks")
    tasks = []
    for index, raw in enumerate(raw_tasks):
        where = f"{path}, task {index}"
        if not isinstance(raw, dict) or not isinstance(raw.get("instruction"), str) or not isinstance(raw.get("actions"), list):
            raise CaseError(f"{where}: a task needs user_id, instruction (text) and actions (a list of {{name, kwargs}})")
        if raw.get("user_id") not in world.users:
            raise CaseError(f"{where}: user_id {raw.get('user_id')!r} is not in users.json")
        actions = []
        for number, action in enumerate(raw["actions"]):
            if not isinstance(action, dict) or not isinstance(action.get("name"), str) or not isinstance(action.get("kwargs"), dict):
                raise CaseError(f"{where}, action {number}: needs name (text) and kwargs (an object)")
            actions.append((action["name"], action["kwargs"]))
        tasks.append(Task(index, raw["user_id"], raw["instruction"], tuple(actions)))
    return tasks, world


def _json(path: Path) -> object:
    try:
        return json.loads(read_text(path, "τ-bench file"))
    except json.JSONDecodeError as exc:
        raise CaseError(f"{path}, line {exc.lineno}: not JSON ({exc.msg})") from None


def records_text(world: World, user_id: str, variants: bool) -> str:
    """The customer's profile and orders as compact lines; with the variants of the products ordered."""
    user = world.users[user_id]
    name, address = user.get("name", {}), user.get("address", {})
    lines = [
        f"user {user_id}: {name.get('first_name', '')} {name.get('last_name', '')}, {user.get('email', '')}, "
        + ", ".join(str(address.get(k, "")) for k in ("address1", "address2", "city", "state", "country", "zip")),
        "payment methods: "
        + "; ".join(
            f"{pid} ({m.get('source', '')}{' ' + m['brand'] if m.get('brand') else ''}"
            f"{' ending ' + m['last_four'] if m.get('last_four') else ''}{' balance ' + str(m['balance']) if 'balance' in m else ''})"
            for pid, m in user.get("payment_methods", {}).items()
        ),
    ]
    products = []
    for order_id in user.get("orders", []):
        order = world.orders.get(order_id, {})
        lines.append(f"order {order_id}: {order.get('status', 'unknown')}")
        for item in order.get("items", []):
            options = ", ".join(f"{k} {v}" for k, v in item.get("options", {}).items())
            lines.append(
                f"  item {item.get('item_id')}: {item.get('name')} (product {item.get('product_id')}; {options}) ${item.get('price')}"
            )
            products.append(item.get("product_id"))
    for product_id in dict.fromkeys(products) if variants else ():
        product = world.products.get(product_id, {})
        found = [
            f"{v['item_id']} ({', '.join(str(x) for x in v.get('options', {}).values())}) ${v.get('price')}"
            for v in product.get("variants", {}).values()
            if v.get("available")
        ]
        lines.append(f"variants in stock of product {product_id} ({product.get('name', '')}): " + "; ".join(found))
    return "\n".join(lines)


def prompt(world: World, task: Task, count_tokens: Callable, room: int) -> tuple[list[Message], bool, bool]:
    """The messages for a task, with the variants when they fit in `room` tokens; whether they did,
    and whether the messages fit at all."""
    tools = "\n".join(f"- {name}({args}): {what}" for name, (args, what) in TOOLS.items())
    template = load_prompt("tau_first_action")
    for variants in (True, False):
        system = template.substitute(policy=world.policy, tools=tools, records=records_text(world, task.user_id, variants))
        messages = [Message("system", system), Message("user", f"The customer's situation, in their words:\n{task.instruction}")]
        if count_tokens(messages) <= room:
            return messages, variants, True
    return messages, False, False


def read_calls(text: str) -> list[tuple[str, dict]]:
    """Tool calls, one a line: a JSON object {"name", "arguments"|"kwargs"} or a call name(key=value, …)."""
    calls = []
    for line in text.splitlines():
        line = line.strip().strip("`").strip()
        if "{" in line and line.rfind("}") > line.find("{"):
            try:
                raw = json.loads(line[line.find("{") : line.rfind("}") + 1])
            except json.JSONDecodeError:
                raw = None
            if isinstance(raw, dict) and isinstance(raw.get("name"), str):
                arguments = raw.get("arguments", raw.get("kwargs", {}))
                calls.append((raw["name"], arguments if isinstance(arguments, dict) else {}))
                continue
        match = CALL.search(line)
        if match:
            try:
                node = ast.parse(f"f({match.group(2)})", mode="eval").body
                arguments = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
            except (SyntaxError, ValueError):
                continue
            calls.append((match.group(1), arguments))
    return calls


def same_arguments(predicted: dict, gold: dict) -> bool:
    return set(predicted) == set(gold) and all(_plain(predicted[k]) == _plain(gold[k]) for k in gold)


def _plain(value: object) -> object:
    if isinstance(value, list | tuple):
        return sorted(json.dumps(_plain(v)) for v in value)
    if isinstance(value, str):
        stripped = value.strip()
        return float(stripped) if re.fullmatch(r"-?\d+(\.\d+)?", stripped) else stripped
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def verdicts(calls: list[tuple[str, dict]], task: Task) -> dict[str, object]:
    """What a task's predicted calls got right."""
    first = next(((n, a) for n, a in calls if n in CONSEQUENTIAL), None)
    touching = next((i for i, (n, _) in enumerate(calls) if n in TOOLS and n not in AUTHENTICATE and n not in NEUTRAL), None)
    authenticated = next((i for i, (n, _) in enumerate(calls) if n in AUTHENTICATE), None)
    verdict: dict[str, object] = {
        "parsed": bool(calls),
        "unknown_tools": sorted({n for n, _ in calls if n not in TOOLS}),
        "authenticated_first": bool(calls) and calls[0][0] in AUTHENTICATE,
    }
    if touching is not None:
        verdict["skipped_authentication"] = authenticated is None or authenticated > touching
    if task.actions:
        name, kwargs = task.actions[0]
        verdict["first_action_name"] = first is not None and first[0] == name
        verdict["first_action_exact"] = first is not None and first[0] == name and same_arguments(first[1], kwargs)
    else:
        verdict["no_action_right"] = first is None
    return verdict


def run_tau(tasks: list[Task], world: World, generator, progress=lambda text: None, adapter: str | None = None, workers: int = 1):
    """Ask every task (`workers` at a time), score it; (metrics, records)."""
    room = generator.context_length - NEW_TOKENS

    def ask(task: Task) -> dict:
        began = time.perf_counter()
        messages, variants, fits = prompt(world, task, generator.count_tokens, room)
        text = generator.generate(messages, GenerationParams(max_new_tokens=NEW_TOKENS, adapter=adapter)) if fits else ""
        calls = read_calls(text)
        progress(f"task {task.index}")
        return {
            "task": task.index,
            "user_id": task.user_id,
            "gold": [{"name": n, "kwargs": k} for n, k in task.actions],
            "output": text,
            "calls": [{"name": n, "arguments": a} for n, a in calls],
            "variants_shown": variants,
            "prompt_too_long": not fits,
            "verdicts": verdicts(calls, task),
            "seconds": round(time.perf_counter() - began, 3),
        }

    records = in_order(ask, tasks, workers)
    return summarize(records), records


def summarize(records: list[dict]) -> dict[str, Metric]:
    def rate(key: str, lower: bool = False) -> Metric:
        rows = [r["verdicts"][key] for r in records if key in r["verdicts"]]
        return Metric(sum(map(bool, rows)) / len(rows) if rows else None, len(rows), "rate", lower)

    n = len(records)
    return {
        "first_action_name_accuracy": rate("first_action_name"),
        "first_action_exact_accuracy": rate("first_action_exact"),
        "no_action_accuracy": rate("no_action_right"),
        "authentication_skipped_rate": rate("skipped_authentication", True),
        "authenticated_first_rate": rate("authenticated_first"),
        "unparseable_rate": Metric(sum(not r["verdicts"]["parsed"] for r in records) / n if n else None, n, "rate", True),
        "unknown_tool_rate": Metric(sum(bool(r["verdicts"]["unknown_tools"]) for r in records) / n if n else None, n, "rate", True),
        "prompt_too_long": Metric(sum(r["prompt_too_long"] for r in records), n, "count", True),
        "task_seconds_p50": Metric(percentile([r["seconds"] for r in records], 50), n, "seconds", True),
    }
