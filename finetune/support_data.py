"""The support adapter's training examples, from the customer-service data sets: Bitext messages
(intent and reply), τ-bench retail tasks (the first actions) and ABCD's sample chats (agent turns).
Each builder returns a `Built` (finetune/examples.py): the examples, the personal data redacted and
the records left out or moved.

A prompt here is the prompt the support suite sends, made by the suite's own functions
(eval/support_suite.py, eval/tau_bench.py), so the adapter trains on what it is scored on. The
split follows the suite: a Bitext message is dev when `is_dev` says so, a τ-bench task when it is
in tasks_dev.json or its customer has one there.

τ-bench's users and orders are a synthetic benchmark world, and the tool arguments of a target need
their real values: its prompts and targets are not redacted.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from assistant.templates import load_prompt
from eval.cases import CaseError, read_text
from eval.support_suite import STORE, is_dev, message_key, read_bitext
from eval.tau_bench import Task, World, prompt, read_tasks
from finetune.examples import Built, DataError, Example
from runtime.base import Message
from runtime.redact import redact

TITLES = re.compile(r"^(?:mr|mrs|ms|miss|dr)\.?\s+", re.IGNORECASE)
ABCD_SLOTS = {"<username>": "{{Username}}", "<email>": "{{Email}}", "<order_id>": "{{Order Number}}", "<phone>": "{{Phone Number}}"}
TAU_DIALOGUES = "few_shot_dialogues.jsonl"
DIALOGUES_SKIPPED = f"{TAU_DIALOGUES}: not used (its agent turns restate tool results the transcript hides)"
MOVED_TO_DEV = "tau train task of a customer with a dev task: moved to dev"


def bitext_examples(path: Path) -> Built:
    """An intent and a reply example for every message of a Bitext CSV, redacted; a message's split is `is_dev`'s."""
    rows = _suite(read_bitext, path)
    names = _bitext_names(path)
    labels = sorted({r.intent for r in rows})  # the whole file's labels, as run_bitext lists them for a train file
    intent_system = load_prompt("support_intent").substitute(intents=", ".join(labels))
    reply_system = load_prompt("support_reply").substitute(store=STORE)
    counts: Counter = Counter()
    examples = []
    for row in rows:
        instruction = redact(row.instruction, names)
        response = redact(row.response, names)
        counts += instruction.counts + response.counts
        group = "bitext:" + hashlib.sha256(message_key(row.instruction).encode()).hexdigest()[:16]  # is_dev's unit
        split = "dev" if is_dev(row.instruction) else "train"
        for kind, system, target in (("intent", intent_system, row.intent), ("reply", reply_system, response.text)):
            chat = (Message("system", system), Message("user", instruction.text), Message("assistant", target))
            examples.append(Example("support", kind, "bitext", group, split, chat, origin="source"))
    return Built(examples, dict(counts), {})


def _bitext_names(path: Path) -> tuple[str, ...]:
    """The person names the file's entity columns give, for every row (a name one row tags, another
    may say untagged); "Mr. Jones" gives "Jones", so the title stays as redact leaves it after a cue.
    Empty when the file has no entity columns."""
    names = set()
    for raw in csv.DictReader(io.StringIO(read_text(path, "Bitext file"), newline="")):
        if (raw.get("entity_type") or "").strip() == "person_name" and (value := (raw.get("entity_value") or "").strip()):
            bare = TITLES.sub("", value)
            names.update((bare, *bare.split()))
    return tuple(sorted(names))


def tau_examples(folder: Path, count_tokens: Callable[[list[Message]], int] = lambda messages: 0, room: int = 0) -> Built:
    """A first-action example for every τ-bench task in tasks_train.json and tasks_dev.json: the
    suite's prompt and the calls it scores as right. `count_tokens` and `room` are the model's, as
    run_tau passes them to `prompt`; by default every prompt fits and shows the variants."""
    folder = Path(folder)
    for name in ("tasks_train.json", "tasks_dev.json"):
        if not (folder / name).is_file():
            raise DataError(f"{folder / name}: missing; a τ-bench retail folder needs tasks_train.json and tasks_dev.json")
    train, world = _suite(read_tasks, folder / "tasks_train.json")
    dev, _ = _suite(read_tasks, folder / "tasks_dev.json")
    dev_users = {t.user_id for t in dev}
    dropped: Counter = Counter()
    examples = []
    for task, split in [(t, "dev") for t in dev] + [(t, "train") for t in train]:
        if split == "train" and task.user_id in dev_users:  # one customer, one side
            split = "dev"
            dropped[MOVED_TO_DEV] += 1
        messages, _, fits = prompt(world, task, count_tokens, room)
        if not fits:
            dropped["tau task whose prompt does not fit the room given"] += 1
            continue
        chat = (*messages, Message("assistant", first_actions(world, task)))
        examples.append(Example("support", "first_action", "tau-bench", f"tau:{task.user_id}", split, chat, origin="source"))
    if (folder / TAU_DIALOGUES).is_file():
        dropped[DIALOGUES_SKIPPED] = sum(1 for line in read_text(folder / TAU_DIALOGUES, "τ-bench file").splitlines() if line.strip())
    return Built(examples, {}, dict(dropped))


def first_actions(world: World, task: Task) -> str:
    """The calls the suite scores as right, one JSON object a line as tau_first_action asks: the
    policy's authentication first (by email when the scenario gives it, else name and zip; the gold
    lists leave it out), then the gold actions in order."""
    user = world.users[task.user_id]
    if user.get("email") and user["email"] in task.instruction:
        calls = [("find_user_id_by_email", {"email": user["email"]})]
    else:
        name = user.get("name", {})
        zip_code = user.get("address", {}).get("zip")
        calls = [("find_user_id_by_name_zip", {"first_name": name.get("first_name"), "last_name": name.get("last_name"), "zip": zip_code})]
    return "\n".join(json.dumps({"name": n, "arguments": a}) for n, a in calls + list(task.actions))


def abcd_examples(folder: Path) -> Built:
    """A dialogue example for each agent turn of ABCD's sample chats that answers the customer: the
    delexed chat (its tags as slots, the customer's name redacted) up to that turn under the support
    reply prompt; a chat's split by a hash of its convo_id. Agent lines after an action note (a
    lookup the chat does not show) and before the customer's first words are context, not targets."""
    path = Path(folder) / "abcd_sample.json"
    try:
        chats = json.loads(read_text(path, "ABCD file"))
    except CaseError as exc:
        raise DataError(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}, line {exc.lineno}: not JSON ({exc.msg})") from None
    if not isinstance(chats, list):
        raise DataError(f"{path}: expected a JSON list of conversations")
    system = Message("system", load_prompt("support_reply").substitute(store=STORE))
    counts: Counter = Counter()
    dropped: Counter = Counter()
    examples = []
    for index, chat in enumerate(chats):
        where = f"{path}, conversation {index}"
        try:
            convo_id, turns = str(chat["convo_id"]), [(t["speaker"], t["text"]) for t in chat["delexed"]]
            name = chat["scenario"]["personal"].get("customer_name") or ""
        except (KeyError, TypeError):
            raise DataError(f"{where}: needs convo_id, delexed [{{speaker, text}}] and scenario.personal; use ABCD's data file") from None
        names = (name, *name.split())
        group, split = f"abcd:{convo_id}", "dev" if is_dev(convo_id) else "train"
        blocks: list[list] = []  # [role, text, target?]: a speaker's run of lines is one message
        after_action = False
        for speaker, text in turns:
            if speaker == "action":
                after_action = True
                continue
            if speaker not in ("agent", "customer"):
                raise DataError(f"{where}: unknown speaker {speaker!r}; ABCD's are agent, customer and action")
            done = redact(_abcd_slots(text), names)
            counts += done.counts
            role = "assistant" if speaker == "agent" else "user"
            if blocks and blocks[-1][0] == role:
                blocks[-1][1] += "\n" + done.text
                blocks[-1][2] = blocks[-1][2] and not after_action
            elif blocks or role == "user":  # a chat starts with the customer
                blocks.append([role, done.text, role == "assistant" and not after_action])
            after_action = after_action and role == "assistant"  # the customer's words end what the lookup told
        targets = [i for i, (role, _, target) in enumerate(blocks) if role == "assistant" and target]
        for i in targets:
            chat_messages = (system, *(Message(role, text) for role, text, _ in blocks[: i + 1]))
            examples.append(Example("support", "dialogue", "abcd", group, split, chat_messages, origin="source"))
        if not targets:
            dropped["abcd chat without an agent turn answering the customer"] += 1
    return Built(examples, dict(counts), dict(dropped))


def _abcd_slots(text: str) -> str:
    """ABCD's delexed tags (`<email>`) as the slots Bitext and redact write (`{{Email}}`)."""
    return re.sub(r"<([a-z_]+)>", lambda m: ABCD_SLOTS.get(m.group(0), "{{" + m.group(1).replace("_", " ").title() + "}}"), text)


def _suite(read: Callable, path: Path):
    """An eval reader's result, its CaseError (which names the file, row and field) as a DataError."""
    try:
        return read(path)
    except CaseError as exc:
        raise DataError(str(exc)) from None
