"""`make bench`: run every bench/bench_*.py module's ``run(quick=...)`` and print one JSON document.

Each module returns a dict of measurements; where a target applies it also reports the baseline measured
in the same run and the ratio, so that noisy machines compare like with like.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*", help="bench module names (default: all)")
    parser.add_argument("--full", action="store_true", help="full-size runs (e.g. 10 M dossiers)")
    args = parser.parse_args()
    results: dict[str, object] = {}
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if args.names and name not in args.names:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        start = time.perf_counter()
        print(f"[bench] {name} …", file=sys.stderr, flush=True)
        results[name] = module.run(quick=not args.full)
        print(f"[bench] {name} xong trong {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    print(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
