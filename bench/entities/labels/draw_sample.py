#!/usr/bin/env python3
"""Draw the articles of the entity evaluation set: a seeded, stratified random sample.

Usage: draw_sample.py [--corpora DIR] [--seed N] [--indexed FILE ...] [--exclude LABELS ...]

Reads the three shared corpora in place (DIR defaults to ../shared/corpora beside the
repository) and prints one line per drawn article: corpus, stratum, id, words. The ids are the
ones news-index gives: BBC `bbc/<category>/<NNN>.txt`, FakeNewsNet `<label>/<news_id>`, Reuters
`reuters:<NEWID>`. Rule: per corpus, the articles whose title plus body has MIN_WORDS..MAX_WORDS
whitespace-separated words are grouped by stratum (BBC category; FakeNewsNet site/label;
Reuters first topic: earn, acq, another topic, none); each stratum, in id order, is shuffled
with random.Random(f"{seed}:{corpus}:{stratum}") and the first QUOTA[stratum] are taken.
--indexed FILE (repeatable) is a `news-search --export jsonl --fields id` output: only ids in
it are candidates (the indexer rejects some FakeNewsNet pages as error pages). --exclude LABELS
(repeatable) is a labels TSV whose articles are never drawn (the development set leaves out the
test set's).
Python 3 standard library only.
"""
import argparse
import html
import io
import json
import os
import random
import re
import sys
import tarfile

SEED = 20250611
MIN_WORDS = 80
MAX_WORDS = 800
QUOTA = {
    "bbc": {"business": 5, "entertainment": 4, "politics": 5, "sport": 4, "tech": 4},
    "fakenewsnet": {"gossipcop/fake": 6, "gossipcop/real": 6, "politifact/fake": 5,
                    "politifact/real": 5},
    "reuters": {"earn": 5, "acq": 5, "other-topic": 7, "no-topic": 5},
}


def words(text):
    return len(text.split())


def bbc(path):
    with tarfile.open(path) as tar:
        for member in tar:
            m = re.fullmatch(r"bbc/([a-z]+)/([0-9]+\.txt)", member.name)
            if not member.isfile() or not m:
                continue
            text = tar.extractfile(member).read().decode("utf-8", "replace")
            yield m.group(1), member.name, words(text)


def fakenewsnet(path):
    with tarfile.open(path) as tar:
        for member in tar:
            m = re.fullmatch(r"fakenewsnet_dataset/(gossipcop|politifact)/(fake|real)/([^/]+)/"
                             r"news content\.json", member.name)
            if not member.isfile() or not m:
                continue
            record = json.load(io.TextIOWrapper(tar.extractfile(member), encoding="utf-8"))
            text = (record.get("title") or "") + "\n" + (record.get("text") or "")
            if not (record.get("title") or "").strip():
                continue
            yield f"{m.group(1)}/{m.group(2)}", f"{m.group(2)}/{m.group(3)}", words(text)


def reuters(path):
    element = re.compile(r"<REUTERS[^>]*NEWID=\"([0-9]+)\"[^>]*>(.*?)</REUTERS>", re.S)
    with tarfile.open(path) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".sgm"):
                continue
            data = tar.extractfile(member).read().decode("latin-1")
            for m in element.finditer(data):
                inner = m.group(2)
                body = re.search(r"<BODY>(.*?)</BODY>", inner, re.S)
                title = re.search(r"<TITLE>(.*?)</TITLE>", inner, re.S)
                if not body or not title:
                    continue
                topics = re.findall(r"<D>(.*?)</D>",
                                    (re.search(r"<TOPICS>(.*?)</TOPICS>", inner, re.S) or
                                     re.match("", "")).group(0))
                first = topics[0] if topics else ""
                stratum = (first if first in ("earn", "acq") else
                           "other-topic" if first else "no-topic")
                text = html.unescape(title.group(1) + "\n" + body.group(1))
                yield stratum, f"reuters:{m.group(1)}", words(text)


CORPORA = {
    "bbc": ("bbc-fulltext/bbc-fulltext.tar.xz", bbc),
    "fakenewsnet": ("fakenewsnet-articles/fakenewsnet_articles.tar.xz", fakenewsnet),
    "reuters": ("reuters21578/reuters21578.tar.gz", reuters),
}


def id_key(article_id):
    digits = re.findall(r"[0-9]+", article_id)
    return (re.sub(r"[0-9]+", "", article_id), [int(d) for d in digits], article_id)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", default=os.path.join(here, "../../../../shared/corpora"))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--indexed", action="append", default=[])
    parser.add_argument("--exclude", action="append", default=[],
                        help="a labels TSV whose articles are never drawn (repeatable)")
    args = parser.parse_args()
    excluded = set()
    for path in args.exclude:
        with open(path, encoding="utf-8") as handle:
            excluded.update(line.split("\t")[1] for line in list(handle)[1:] if line.strip())
    indexed = set()
    for path in args.indexed:
        with open(path, encoding="utf-8") as handle:
            indexed.update(json.loads(line)["id"] for line in handle if line.strip())
    for corpus, (relative, read) in CORPORA.items():
        path = os.path.join(args.corpora, relative)
        if not os.path.exists(path):
            print(f"draw_sample: error: {path}: not found", file=sys.stderr)
            return 66
        strata = {}
        for stratum, article_id, count in read(path):
            if MIN_WORDS <= count <= MAX_WORDS and (not indexed or article_id in indexed) \
                    and article_id not in excluded:
                strata.setdefault(stratum, []).append((article_id, count))
        for stratum, quota in QUOTA[corpus].items():
            candidates = sorted(strata.get(stratum, []), key=lambda c: id_key(c[0]))
            random.Random(f"{args.seed}:{corpus}:{stratum}").shuffle(candidates)
            if len(candidates) < quota:
                print(f"draw_sample: error: {corpus} {stratum}: {len(candidates)} candidates "
                      f"for {quota}", file=sys.stderr)
                return 65
            for article_id, count in sorted(candidates[:quota], key=lambda c: id_key(c[0])):
                print(f"{corpus}\t{stratum}\t{article_id}\t{count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
