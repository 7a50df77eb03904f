#!/bin/bash
# make export:       regenerate patches/ from the commits on top of 'base' in build/linux.
# make export-check: exit non-zero when patches/ and those commits differ, or the tree is dirty.
# The output is byte-stable: zero commit hashes, no version signature, fixed abbreviation,
# and the cover letter dated like the newest patch.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
mode=${1:-export}
[ -d "$TREE/.git" ] || die "no build/linux: run 'make tree'"

# Write the series into directory $1.
generate() {
	local dir=$1 n subj date author
	n=$(git -C "$TREE" rev-list --count base..HEAD)
	[ "$n" -gt 0 ] || die "no commits on top of base"
	git -C "$TREE" -c core.abbrev=12 -c diff.noprefix=false -c diff.mnemonicPrefix=false \
		-c format.signature= -c format.coverLetter=false -c format.thread=false \
		format-patch -q --zero-commit --no-signature --numbered --abbrev=12 \
		--no-base -o "$dir" base..HEAD
	(cd "$dir" && ls [0-9][0-9][0-9][0-9]-*.patch) > "$dir/series"

	# Cover letter: subject and blurb from patches/cover-letter.txt, then shortlog and diffstat.
	subj=$(head -n 1 "$TOP/patches/cover-letter.txt")
	date=$(git -C "$TREE" log -1 --format=%aD HEAD)
	# The cover letter's author is the series' own: the author of its first commit.
	author=$(git -C "$TREE" log --reverse --format='%an <%ae>' base..HEAD | sed -n 1p)
	{
		echo "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001"
		echo "From: $author"
		echo "Date: $date"
		echo "Subject: [PATCH 0/$n] $subj"
		echo
		tail -n +3 "$TOP/patches/cover-letter.txt"
		echo
		echo "Base: Linux $(sed -n 's/^kernel: *//p' "$TOP/patches/BASE")" \
			"($(sed -n 's/^debian: *//p' "$TOP/patches/BASE"))"
		echo
		git -C "$TREE" shortlog base..HEAD
		echo
		git -C "$TREE" diff --stat=72 --summary base..HEAD
	} > "$dir/0000-cover-letter.patch"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
generate "$tmp"

case "$mode" in
export)
	rm -f "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch
	cp "$tmp"/*.patch "$tmp/series" "$TOP/patches/"
	say "exported $(wc -l < "$tmp/series") patches to patches/"
	;;
check)
	rc=0
	dirty=$(git -C "$TREE" status --porcelain)
	if [ -n "$dirty" ]; then
		echo "build/linux has uncommitted changes:"; echo "$dirty" | head -n 20; rc=1
	fi
	for f in "$tmp"/* "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch "$TOP/patches/series"; do
		b=$(basename "$f")
		if ! cmp -s "$tmp/$b" "$TOP/patches/$b"; then
			echo "patches/$b differs from the tree's commits"; rc=1
		fi
	done
	[ $rc = 0 ] && say "patches/ matches build/linux"
	exit $rc
	;;
*) die "usage: $0 [export|check]" ;;
esac
