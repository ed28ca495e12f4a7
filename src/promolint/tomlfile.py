"""Reading a TOML file with one-line errors that name it (packs, config, catalogue, gate)."""

from __future__ import annotations

import tomllib
from pathlib import Path


def read_toml(path: Path, error: type[Exception], what: str = "文件", where: str | None = None) -> dict:
    """The file's table; a missing, unreadable or malformed file raises ``error`` with a
    message that starts with ``where`` (default: the path) and says what went wrong."""
    where = where or str(path)
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise error(f"{where}: {what}不存在") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where}: TOML 格式错误：{exc}") from None
    except OSError as exc:
        raise error(f"{where}: 无法读取：{exc.strerror or exc}") from None
