"""The command line: python -m uep_data COMMAND ... (see `python -m uep_data --help`)."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
