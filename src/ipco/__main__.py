"""``python -m ipco``."""

from ipco.cli import main

raise SystemExit(main())
