"""The assistant, one shopper turn from text to grounded answer: understand (understanding, rules,
vocabulary), plan per intent (plan, recommend, questions, compare, policy, chit_chat; with profiles
and personalization), generate through runtime/, ground (grounding) and render (render); the
pipeline is the one module that knows the order. Entry points: cli, builders, doctor, probe.

It imports retrieval/ and runtime/; never ui/ or finetune/.
"""
