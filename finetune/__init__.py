"""Fine-tuning data and training (issue 14): redaction of personal data before anything is written,
the chat-format data builder, and LoRA training. May import runtime, retrieval, assistant and eval;
nothing imports it but the command line.
"""
