"""All benchmarks, one after another: `python -m bench` (or `make bench`). Each prints its figures.

python -m bench              # every benchmark
python -m bench plan_pdf     # only the named ones (plan_pdf, load, imports)
"""

import importlib
import sys

BENCHMARKS = ["plan_pdf", "load", "imports"]

if __name__ == "__main__":
    for name in sys.argv[1:] or BENCHMARKS:
        if name not in BENCHMARKS:
            sys.exit(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        print(f"== bench.{name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
