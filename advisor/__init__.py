"""advisor: which large language models to use for which use case, and how to run each one."""

__version__ = "0.1.0"
