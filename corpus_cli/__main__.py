"""``python -m corpus_cli``."""

from corpus_cli.cli.app import main

if __name__ == "__main__":
    main()
