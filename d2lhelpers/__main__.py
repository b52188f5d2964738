"""Command line: ``python -m d2lhelpers data [--fetch]``.

Says where Fashion-MNIST is, verifies it and fills the decoded cache; with ``--fetch`` it
downloads the files first if they are found nowhere.
"""

import argparse
import sys
import time

from . import fashion_mnist


def data(args):
    folder = fashion_mnist.locate(args.root)
    if folder is None and not args.fetch:
        print(fashion_mnist.remedies(args.root), file=sys.stderr)
        return 1
    start = time.perf_counter()
    try:
        folder = fashion_mnist.fetch(args.root)
        for split in fashion_mnist.SPLITS:
            images, labels = fashion_mnist.load_split(split, args.root)
            print(f"{split}: {images.shape[0]} images {images.shape[1]}x{images.shape[2]}, "
                  f"{len(set(labels.tolist()))} classes")
    except fashion_mnist.DatasetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"Fashion-MNIST is in {folder}, verified; decoded copy in "
          f"{fashion_mnist.cache_dir()} ({time.perf_counter() - start:.2f} s)")
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
