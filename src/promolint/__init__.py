"""promolint: a compliance linter for Chinese telecom marketing copy."""

__version__ = "0.1.0"
