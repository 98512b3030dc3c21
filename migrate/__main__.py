"""``python -m migrate`` runs the ``wxr-migrate`` command line."""

from .cli import main

main(prog_name="wxr-migrate")
