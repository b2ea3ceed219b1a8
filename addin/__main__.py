"""``python -m addin`` runs the jixiao command line."""

from addin.cli import main

main()
