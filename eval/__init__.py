"""Benchmarks and evaluation scripts that print measured figures (retrieval, pipeline cases, llama.cpp
builds). They import the project's packages like any entry point; nothing imports eval/.
"""
