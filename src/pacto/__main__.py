"""``python -m pacto`` runs the command-line interface."""

from pacto.cli import main

if __name__ == "__main__":
    main()
