"""Rebuild the search index from the corpus: `python build_index.py [--corpus PATH] [--index DIR]`."""

import sys

from search.cli import main

raise SystemExit(main(["build", *sys.argv[1:]]))
