"""LLM runtime: one small generation interface (`base.Generator`) and its backends."""
