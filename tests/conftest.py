"""Shared fixtures: the default linter (real jieba, real packs) and a CLI runner that
starts the installed ``promolint`` in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
