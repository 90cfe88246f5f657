"""``python -m bench [--scales 1000,10000,100000] [--only NAME] [--out BENCHMARKS.json]``."""

import sys

from bench.runner import main

sys.exit(main())
