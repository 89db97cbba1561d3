"""Stage 2, what the market offers. Takes the shipped YAML catalog and overlay folders; gives a `Catalog`
(`schema`: models apart from the offers that run them, providers, GPUs, licences, policies, each figure with
its sources and the date it was verified). `load` reads, validates and cross-checks the folders and keeps
the parsed result in the cache; `litellm` compares API prices with LiteLLM's price file."""
