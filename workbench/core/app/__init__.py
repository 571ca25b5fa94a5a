"""What the window and the command line share above the core: where local data lives (paths)
and the demo store (demo)."""
