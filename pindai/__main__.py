"""``python -m pindai``."""

from pindai.cli import main

main()
