#!/usr/bin/env python3
"""Validate an entity-label TSV and print its counts.

Usage: check_labels.py [--judgements FILE] LABELS.tsv
The header is `corpus<TAB>id<TAB>type<TAB>name<TAB>variants`; then one row per entity per
article (README.md). --judgements also checks a facet-judgement TSV
(`corpus<TAB>type<TAB>value<TAB>verdict<TAB>note`).
Exit 0 when valid, 65 (bad data) otherwise, 66 when a file cannot be read, 64 on bad usage.
"""
import collections
import re
import sys
import unicodedata

CORPORA = {
    "bbc": re.compile(r"^bbc/(business|entertainment|politics|sport|tech)/[0-9]{3}\.txt$"),
    "fakenewsnet": re.compile(r"^(fake|real)/(gossipcop-[0-9]+|politifact[0-9]+)$"),
    "reuters": re.compile(r"^reuters:[1-9][0-9]*$"),
}
TYPES = ("person", "place", "org")


def fold(value):
    """The comparison form: what `news-bench entities` compares (bench/README.md, Entities)."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'s$|s'$", lambda m: "" if m.group(0) == "'s" else "s", text.strip())
    text = text.replace(".", "").replace("'", "")
    text = re.sub(r"[\s,;:!?\"()\[\]/\-\u2013\u2014]+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def read_lines(path):
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def check_labels(lines, errors):
    if not lines or lines[0] != "corpus\tid\ttype\tname\tvariants":
        errors.append("line 1: the header must be 'corpus<TAB>id<TAB>type<TAB>name<TAB>variants'")
    articles = collections.OrderedDict()  # (corpus, id) -> list of (type, name)
    forms = {}  # (id, type, folded form) -> line
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 5:
            errors.append(f"line {number}: expected 5 tab-separated fields, found {len(fields)}")
            continue
        corpus, article, kind, name, variants = fields
        if corpus not in CORPORA:
            errors.append(f"line {number}: unknown corpus {corpus!r} ({', '.join(CORPORA)})")
        elif not CORPORA[corpus].match(article):
            errors.append(f"line {number}: bad {corpus} id {article!r}")
        key = (corpus, article)
        if key not in articles and any(a == article for _, a in articles):
            errors.append(f"line {number}: id {article} is listed under two corpora")
        if key in articles and list(articles)[-1] != key:
            errors.append(f"line {number}: the rows of {article} are not together")
        entities = articles.setdefault(key, [])
        if kind == "none":
            if name or variants:
                errors.append(f"line {number}: a 'none' row has no name and no variants")
            entities.append(("none", ""))
            continue
        if kind not in TYPES:
            errors.append(f"line {number}: bad type {kind!r} (person, place, org or none)")
            continue
        if not name.strip() or name != name.strip() or "|" in name:
            errors.append(f"line {number}: bad name {name!r}")
            continue
        names = [name] + (variants.split("|") if variants else [])
        for variant in names:
            if not variant.strip() or variant != variant.strip():
                errors.append(f"line {number}: empty or padded variant in {variants!r}")
            folded = fold(variant)
            if not folded:
                errors.append(f"line {number}: {variant!r} folds to nothing")
                continue
            previous = forms.get((article, kind, folded))
            if previous is not None and previous != number:
                errors.append(f"line {number}: {variant!r} ({folded!r}) also names the "
                              f"{kind} on line {previous} of {article}")
            forms[(article, kind, folded)] = number
        entities.append((kind, name))
    for (corpus, article), entities in articles.items():
        if ("none", "") in entities and len(entities) > 1:
            errors.append(f"{article}: a 'none' row must be the article's only row")
    return articles


def check_judgements(lines, errors):
    if not lines or lines[0] != "corpus\ttype\tvalue\tverdict\tnote":
        errors.append("judgements line 1: the header must be "
                      "'corpus<TAB>type<TAB>value<TAB>verdict<TAB>note'")
    seen = {}
    verdicts = collections.Counter()
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 5:
            errors.append(f"judgements line {number}: expected 5 fields, found {len(fields)}")
            continue
        corpus, kind, value, verdict, _note = fields
        if corpus not in CORPORA:
            errors.append(f"judgements line {number}: unknown corpus {corpus!r}")
        if kind not in TYPES:
            errors.append(f"judgements line {number}: bad type {kind!r}")
        if verdict not in ("ok", "junk"):
            errors.append(f"judgements line {number}: verdict must be ok or junk, not {verdict!r}")
        if not value.strip():
            errors.append(f"judgements line {number}: empty value")
        key = (corpus, kind, fold(value))
        if key in seen:
            errors.append(f"judgements line {number}: {value!r} is judged on line {seen[key]} too")
        seen[key] = number
        verdicts[verdict] += 1
    return verdicts


def main(argv):
    args = argv[1:]
    judgements = None
    if len(args) == 3 and args[0] == "--judgements":
        judgements, args = args[1], args[2:]
    if len(args) != 1:
        print("usage: check_labels.py [--judgements FILE] LABELS.tsv", file=sys.stderr)
        return 64
    try:
        lines = read_lines(args[0])
        judgement_lines = read_lines(judgements) if judgements else None
    except OSError as err:
        print(f"check_labels: error: {err.filename}: {err.strerror}", file=sys.stderr)
        return 66
    errors = []
    articles = check_labels(lines, errors)
    verdicts = check_judgements(judgement_lines, errors) if judgement_lines is not None else None
    for error in errors:
        print(f"check_labels: error: {error}", file=sys.stderr)
    if errors:
        return 65
    print(f"articles {len(articles)}")
    print("corpus       articles  person  place  org  total")
    totals = collections.Counter()
    for corpus in CORPORA:
        counts = collections.Counter()
        count = 0
        for (c, _), entities in articles.items():
            if c != corpus:
                continue
            count += 1
            counts.update(kind for kind, _ in entities if kind != "none")
        totals.update(counts)
        totals["articles"] += count
        print(f"{corpus:<12} {count:>8} {counts['person']:>7} {counts['place']:>6} "
              f"{counts['org']:>4} {sum(counts[t] for t in TYPES):>6}")
    print(f"{'all':<12} {totals['articles']:>8} {totals['person']:>7} {totals['place']:>6} "
          f"{totals['org']:>4} {sum(totals[t] for t in TYPES):>6}")
    if verdicts is not None:
        print(f"judgements ok {verdicts['ok']}, junk {verdicts['junk']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
