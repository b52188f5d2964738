"""Command line: ``python -m d2lhelpers data [--fetch] [--root DIR]``.

Says where Fashion-MNIST is, verifies it and fills the decoded copy; with ``--fetch`` it
downloads the files first if they are found nowhere.
"""

import argparse
import sys
import time

from . import fashion_mnist


def data(args):
    config = fashion_mnist.Config.from_env(args.root)
    if not args.fetch and not config.offline:
        config = config._replace(offline="run with --fetch to download them")
    start = time.perf_counter()
    try:
        loaded = fashion_mnist.load(config=config)
    except fashion_mnist.DatasetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for split, (images, labels) in loaded.arrays.items():
        print(f"{split}: {images.shape[0]} images {images.shape[1]}x{images.shape[2]}, "
              f"{len(set(labels.tolist()))} classes")
    kept = loaded.cache or "nowhere (see the warning above)"
    print(f"Fashion-MNIST is in {loaded.folder}, verified; decoded copy in {kept} "
          f"({time.perf_counter() - start:.2f} s)")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m d2lhelpers")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("data", help="find, verify (and with --fetch download) Fashion-MNIST")
    p.add_argument("--fetch", action="store_true", help="download the files if they are missing")
    p.add_argument("--root", help="a folder that holds (or will hold) the four files")
    p.set_defaults(func=data)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
