"""Sub-command modules of the command line; each exposes register(subparsers)."""
