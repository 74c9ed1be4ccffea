"""``python -m dwolla_exchange``: the ``dwolla-exchange`` command without its console script."""

from .cli import main

main(prog_name="dwolla-exchange")
