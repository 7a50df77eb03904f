#!/bin/bash
# make tree: extract Debian's linux-source-6.12 into build/linux as a git repository
# (base commit tagged 'base'), then 'git am' the series in patches/ with no fuzz.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -f "$SRC_TAR" ] || die "$SRC_TAR missing: run 'make deps' (apt-get install linux-source-6.12)"

# The series records the base it was made on; a newer 6.12.y from apt is tried anyway.
want=$(sed -n 's/^kernel: *//p' "$TOP/patches/BASE")
have_deb=$(dpkg-query -W -f='${Version}' linux-source-6.12)

if [ -d "$TREE/.git" ]; then
	if "$TOP/lab/export.sh" check >/dev/null 2>&1; then
		say "build/linux is up to date with patches/"
		exit 0
	fi
	[ -z "$(git -C "$TREE" status --porcelain)" ] ||
		die "build/linux has uncommitted changes; commit or discard them first"
	# Keep whatever was there under a ref, so no commit is ever lost.
	keep=old-$(date +%Y%m%d-%H%M%S)
	git -C "$TREE" branch -q "$keep" HEAD
	say "build/linux differs from patches/: old commits kept as branch $keep, re-applying"
	git -C "$TREE" checkout -q -B series base
else
	say "extracting $SRC_TAR (Debian $have_deb)"
	rm -rf "$TREE.tmp"
	mkdir -p "$TREE.tmp"
	tar -xf "$SRC_TAR" -C "$TREE.tmp" --strip-components=1
	cd "$TREE.tmp"
	git init -q -b series
	# The tree commits as the series' author (see identity in lib.sh): git am, and the
	# commits a developer makes here, need no personal identity.
	git config user.name "$(identity | sed 's/ <.*//')"
	git config user.email "$(identity | sed 's/.*<\(.*\)>/\1/')"
	git config core.abbrev 12
	# Debian's .gitignore ignores every top-level entry; drop that block so that git sees
	# new files. Nothing the kernel builds from changes.
	sed -i '/^# Debian packaging/,/^!\/debian\//d' .gitignore
	git add -A -f .
	ver=$(make -s kernelversion)
	GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' \
		git commit -q -m "Linux $ver (Debian linux-source-6.12 $have_deb)"
	git tag base
	cd "$TOP"
	mv "$TREE.tmp" "$TREE"
fi

ver=$(make -s -C "$TREE" kernelversion)
if [ "$ver" != "$want" ]; then
	echo "NOTE: the series was made on $want; apt serves $ver (Debian $have_deb). Trying to apply anyway."
fi

cd "$TREE"
n=0
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	git am -q --no-3way "$TOP/patches/$p" || {
		git am --abort || true
		die "patches/$p does not apply to $ver"
	}
	n=$((n + 1))
done < "$TOP/patches/series"
say "build/linux: $ver + $n patches (branch series, base tagged 'base')"
