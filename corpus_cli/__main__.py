"""``python -m corpus_cli``."""

from corpus_cli.cli.start import main

if __name__ == "__main__":
    main()
