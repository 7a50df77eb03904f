#!/bin/bash
# make docs: the HTML documentation of the pages the series touches (driver-api and
# userspace-api, which pull in its headers through kernel-doc), built with Sphinx into
# build/docs/. Fails on any warning that names a file the series changes: those are the
# series' own, the others are the base's.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -e "$TREE/.git" ] || die "no kernel tree at $TREE: run 'make tree'"
log=$OUT/docs/htmldocs.log
mkdir -p "$OUT/docs"
say "make htmldocs SPHINXDIRS=\"driver-api userspace-api\" (a few minutes)"
make -C "$TREE" O="$OUT/docs" SPHINXDIRS="driver-api userspace-api" htmldocs > "$log" 2>&1 ||
	{ tail -n 20 "$log"; die "htmldocs failed (see ${log#$TOP/})"; }
touched=$(git -C "$TREE" diff --name-only base..HEAD)
new=$(grep -E 'WARNING|ERROR' "$log" | grep -F "$touched" || true)
[ -z "$new" ] || { echo "$new"; die "warnings in files the series touches (see ${log#$TOP/})"; }
say "htmldocs: no warning in the $(echo "$touched" | wc -l) files the series touches; HTML in ${OUT#$TOP/}/docs/Documentation/output"
