"""The command-line adapter: the only package that imports Typer and Rich."""
