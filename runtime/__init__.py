"""Model runtime, used by serving (assistant/) and, later, training (finetune/) alike: the generation
seam (`base.Generator`) and its backends (llama.cpp, transformers, OpenAI-compatible servers), model
files, LoRA adapter export to GGUF, how llama.cpp is built and checked for this CPU, and the base
type of errors meant for users (errors.UserError).

It imports nothing from assistant/, retrieval/, ui/ or finetune/; heavy libraries only inside the
backend modules.
"""
