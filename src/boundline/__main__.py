"""``python -m boundline`` runs the command line."""

from boundline.cli import main

main()
