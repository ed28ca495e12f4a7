"""Allow ``python -m promolint``."""

from promolint.cli import main

main()
