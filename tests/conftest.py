"""Shared fixtures: the default linter (real jieba, real packs) and a CLI runner that
starts the installed ``promolint`` in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# Property tests draw the same examples on every run, so CI is reproducible and never
# red by chance; set HYPOTHESIS_EXPLORE=1 to draw fresh ones (what found the BOM case
# in tests/test_encodings.py).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("explore" if os.environ.get("HYPOTHESIS_EXPLORE") else "repeatable")


@pytest.fixture(scope="session")
def linter():
    from promolint.api import default_linter

    return default_linter()


def run_cli(*args: str, input: bytes | None = None, cwd: Path | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m promolint`` as a subprocess; returns text stdout/stderr."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "promolint", *args],
        input=input, capture_output=True, cwd=cwd or ROOT, env=full_env, timeout=120,
    )
    proc.stdout = proc.stdout.decode("utf-8")
    proc.stderr = proc.stderr.decode("utf-8")
    return proc


@pytest.fixture
def cli():
    return run_cli
