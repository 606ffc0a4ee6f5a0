"""Fine-tuning: build training data, train LoRA adapters with peft, and export them for serving.

The last stage, `finetune.export_gguf`, turns a peft adapter folder into the LoRA GGUF file that
the llama.cpp backend loads, so one trained adapter serves both backends.
"""
