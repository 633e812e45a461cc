#!/usr/bin/env python3
"""Validate a story-label TSV (header `id<TAB>story`) and print its counts.

Usage: check_labels.py FILE.tsv
Exit 0 when the file is valid, 65 (bad data) otherwise, 66 when it cannot be read.
"""
import collections
import re
import sys

ID_RE = re.compile(r"^reuters:[1-9][0-9]*$")
STORY_RE = re.compile(r"^r[0-9]{3,}$")


def main(argv):
    if len(argv) != 2:
        print("usage: check_labels.py FILE.tsv", file=sys.stderr)
        return 64
    try:
        with open(argv[1], encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except OSError as err:
        print(f"check_labels: error: {argv[1]}: {err.strerror}", file=sys.stderr)
        return 66
    if lines and lines[-1] == "":
        lines.pop()
    errors = []
    if not lines or lines[0] != "id\tstory":
        errors.append("line 1: the header must be 'id<TAB>story'")
    labels = {}
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 2:
            errors.append(f"line {number}: expected 2 tab-separated fields, found {len(fields)}")
            continue
        article, story = fields
        if not ID_RE.match(article):
            errors.append(f"line {number}: bad id {article!r} (expected reuters:NEWID)")
        if not STORY_RE.match(story):
            errors.append(f"line {number}: bad story label {story!r} (expected r followed by digits)")
        if article in labels:
            errors.append(f"line {number}: id {article} is listed twice")
        labels[article] = story
    for error in errors:
        print(f"check_labels: error: {error}", file=sys.stderr)
    if errors:
        return 65
    sizes = collections.Counter(labels.values())
    distribution = collections.Counter(sizes.values())
    pairs = sum(size * (size - 1) // 2 for size in sizes.values())
    print(f"articles {len(labels)}")
    print(f"stories {len(sizes)} (multi-article {sum(1 for s in sizes.values() if s > 1)}, "
          f"singletons {distribution.get(1, 0)})")
    print("sizes " + ", ".join(f"{size}: {count}" for size, count in sorted(distribution.items())))
    print(f"same-story pairs {pairs}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
