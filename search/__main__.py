"""`python -m search ...`: see search.cli."""

from .cli import main

raise SystemExit(main())
