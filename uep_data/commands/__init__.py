"""The command line's commands, one module per concern (cli.py builds the parser over them)."""
