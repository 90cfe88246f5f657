"""Rebuild ``gm_addresses.csv.gz`` from Neo4j's public POLE example data set.

The scenario generator needs real Greater Manchester street addresses with postcodes and
coordinates, but the product must never read ``../shared`` at run time, so the few columns
it needs are copied into this package once, by this script::

    python rhigraph/scenario/data/build_gazetteer.py /path/to/pole-greater-manchester.zip

The output is byte-for-byte reproducible (fixed gzip mtime, source row order kept).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

LOCATION_MEMBER = "crime-investigation.nodes.Location.csv"
OUTPUT = Path(__file__).with_name("gm_addresses.csv.gz")
COLUMNS = ("address", "postcode", "latitude", "longitude", "district")


def build(zip_path: Path, output: Path = OUTPUT) -> int:
    """Write the gazetteer from the POLE zip at ``zip_path``; return the number of rows."""
    with zipfile.ZipFile(zip_path) as archive:
        raw = archive.read(LOCATION_MEMBER).decode("utf-8")
    rows = []
    for record in csv.DictReader(io.StringIO(raw)):
        postcode = " ".join(record["postcode"].upper().split())
        if not postcode or not record["address"].strip():
            continue
        rows.append(
            (
                record["address"].strip(),
                postcode,
                record["latitude:double"],
                record["longitude:double"],
                postcode.split()[0],
            )
        )
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    with (
        open(output, "wb") as handle,
        gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(text.getvalue().encode("utf-8"))
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: build_gazetteer.py PATH/TO/pole-greater-manchester.zip", file=sys.stderr)
        return 2
    count = build(Path(args[0]))
    print(f"wrote {count} addresses to {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
