#!/bin/bash
# Static checks of the series: checkpatch --strict per patch, kernel-doc on touched files,
# sparse (C=2) + W=1 over drivers/iommu and drivers/vfio for both lab configs, the entry
# writer built for i386, and Coccinelle on the directories the series touches. "No new
# findings" means: no finding that the base tree does not have too. Base findings live in
# lab/static-ref/ (make static-refs writes them); findings are compared without line
# numbers, so unrelated edits do not shift them, but with their counts: a second
# identical finding is a new one.
# Every check records one result line, pass or fail; the script exits non-zero only when
# it could not run them all (make check records that as a failure of its own).
# Usage: static.sh check (records results) | static.sh refs
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/lab/results.sh"
REF=$TOP/lab/static-ref
mode=${1:-check}
mkdir -p "$OUT/logs" "$REF"

# Findings without line/column numbers and build-directory prefixes, sorted (duplicates kept).
# (file:line:col: and Coccinelle's file:line:col-col: become file:, "line 123" line N).
normalize() {
	sed -E "s#$TREE/##g; s#^\.\./##; s#:[0-9][-0-9:]*:#:#g; s#line [0-9]+#line N#g" |
		sort
}

# Compare findings with the base's: NAME FINDINGS-FILE. comm pairs equal lines one to
# one, so a finding the base has once and the series twice is one new finding.
compare() {
	local name=$1 cur=$2 new
	[ -f "$REF/$name.txt" ] || { result static "$name" fail "no base reference: run 'make static-refs'"; return; }
	new=$(comm -13 "$REF/$name.txt" "$cur") || { result static "$name" fail "comm failed"; return; }
	if [ -z "$new" ]; then
		result static "$name" pass "$(wc -l < "$cur") findings, all in the base"
	else
		result static "$name" fail "$(echo "$new" | wc -l) new findings (see build/logs/static-$name.new)"
		echo "$new" > "$OUT/logs/static-$name.new"
		echo "$new" | head -n 20 | sed 's/^/    /'
	fi
}

# The kernel (not tools/, not Documentation/) C files and directories the series touches.
touched_files() {
	local l
	l=$(git -C "$TREE" diff --name-only --diff-filter=AM base..HEAD -- '*.c' '*.h') || return 1
	printf '%s\n' "$l" | grep -v '^tools/' || true
}
# coccicheck M=dir descends into subdirectories, so a directory under another one in
# the list is left out.
touched_dirs() {
	git -C "$TREE" diff --name-only --diff-filter=AM base..HEAD -- '*.c' |
		xargs -r -n1 dirname | LC_ALL=C sort -u |
		awk '{ for (i = 1; i <= n; i++) if (index($0 "/", d[i] "/") == 1) next; d[++n] = $0; print }'
}

# sparse + W=1 findings of the series' driver directories for ARCH on stdout; fails when
# the build itself fails (a missing sparse, a compile error), which no finding list shows.
SPARSE_DIRS="drivers/iommu/ drivers/vfio/"
sparse_w1() {
	local arch=$1
	local o=$OUT/static${STATIC_SUFFIX:-}-$arch log=$OUT/logs/static${STATIC_SUFFIX:-}-sparse-w1-$arch.log
	mkdir -p "$o"
	cp "$OUT/out-$arch/.config" "$o/.config" || return 1
	# kmake with its O= overridden: the lab kernel's config, built apart
	kmake $arch O="$o" -s olddefconfig prepare > "$log" 2>&1 || return 1
	# gcc warns only about what it compiles: rebuild the directories every time (ccache
	# replays a cached compile's warnings), so W=1 sees every file, as on the base.
	for d in $SPARSE_DIRS; do rm -rf "${o:?}/$d"; done
	# C=2 runs sparse on every file of the directories, rebuilt or not. Without ccache's
	# base_dir, gcc names files by their absolute paths, which normalize strips.
	CCACHE_BASEDIR= kmake $arch O="$o" -s C=2 W=1 $SPARSE_DIRS > "$log" 2>&1 || return 1
	{ grep -E '(warning|error):' "$log" || true; } | normalize
}

cocci() {
	local dir=$1
	local out
	# coccicheck fails outright (an OCaml script it cannot run, say): that is a failure
	# of the check, not an empty list of findings.
	out=$(make -C "$TREE" -s coccicheck MODE=report M="$dir" J="$(nproc)" 2>&1) ||
		{ echo "$out" | tail -n 5 >&2; return 1; }
	echo "$out" | { grep -E '^[^ ]+:[0-9]+:' || true; } | normalize
}

refname() { echo "cocci-${1//\//_}"; }

# VT-d builds on i386, so the entry writer must too, and there a 64-bit quantum must be
# one cmpxchg8b: WRITE_ONCE() of a u64 is two 32-bit stores on a 32-bit kernel. Builds
# the writer and its KUnit test for i386 (tinyconfig, W=1) and records two results.
i386_writer() {
	local o=$OUT/out-i386 log=$OUT/logs/static-i386.log objs
	objs="drivers/iommu/iommu-entry-writer.o drivers/iommu/iommu-entry-writer-test.o"
	mkdir -p "$o"
	rm -f "$o"/drivers/iommu/iommu-entry-writer*.o
	if ! { kmake i386 -s tinyconfig &&
		"$TREE/scripts/config" --file "$o/.config" -e KUNIT -e IOMMU_SUPPORT \
			-e IOMMU_ENTRY_WRITER_KUNIT_TEST &&
		kmake i386 -s olddefconfig </dev/null &&
		grep -qx CONFIG_IOMMU_ENTRY_WRITER_KUNIT_TEST=y "$o/.config" &&
		CCACHE_BASEDIR= kmake i386 -s W=1 $objs; } > "$log" 2>&1; then
		result static "i386: entry writer builds" fail "see build/logs/static-i386.log"
		result static "i386: 64-bit quanta stored with cmpxchg8b" fail "not built"
		return
	fi
	if grep -qE '(warning|error):' "$log"; then
		result static "i386: entry writer builds" fail "W=1 warnings (see build/logs/static-i386.log)"
	else
		result static "i386: entry writer builds" pass "iommu-entry-writer.o and its KUnit test, W=1"
	fi
	if objdump -d --disassemble=iommu_entry_writer_store "$o/drivers/iommu/iommu-entry-writer.o" |
		grep cmpxchg8b >/dev/null; then
		result static "i386: 64-bit quanta stored with cmpxchg8b" pass
	else
		result static "i386: 64-bit quanta stored with cmpxchg8b" fail "iommu_entry_writer_store() has no cmpxchg8b"
	fi
}

case $mode in
refs)
	# Run the same checks on the base tree, in build directories of their own.
	TREE=$(base_tree) || die "no base worktree"
	STATIC_SUFFIX=-base
	for arch in x86_64 arm64; do
		sparse_w1 $arch > "$REF/sparse-w1-$arch.txt" || die "sparse/W=1 build failed on $arch"
	done
	for d in $(TREE=$TOP/build/linux touched_dirs); do
		cocci "$d" > "$REF/$(refname "$d").txt" || die "coccicheck failed on $d"
	done
	say "wrote $(ls "$REF" | wc -l) reference lists in lab/static-ref/"
	;;
check)
	# Every loop below must have something to check: a missing series or a failed
	# git diff is a static.sh that could not run its checks, not an empty pass.
	[ -s "$TOP/patches/series" ] || die "no patches/series"
	files=$(touched_files) || die "git diff base..HEAD failed in $TREE"
	dirs=$(touched_dirs) || die "git diff base..HEAD failed in $TREE"
	[ -n "$files" ] && [ -n "$dirs" ] || die "the series touches no kernel C file: nothing to check"
	while read -r p; do
		log=$OUT/logs/checkpatch-${p%.patch}.log
		"$TREE/scripts/checkpatch.pl" --strict --no-signoff --root="$TREE" \
			"$TOP/patches/$p" > "$log" 2>&1 || true
		sum=$(grep -E '^total: ' "$log" || echo 'total: ? errors')
		# Every patch is signed off by its author, whoever that is.
		author=$(patch_author "$TOP/patches/$p")
		grep -qxF "Signed-off-by: $author" "$TOP/patches/$p" ||
			{ result static "checkpatch $p" fail "no Signed-off-by: $author"; continue; }
		case "$sum" in
		"total: 0 errors"*) result static "checkpatch $p" pass "$sum" ;;
		*) result static "checkpatch $p" fail "$sum (see ${log#$TOP/})" ;;
		esac
	done < "$TOP/patches/series"

	for f in $files; do
		now=$("$TREE/scripts/kernel-doc" -none "$TREE/$f" 2>&1 | normalize | wc -l)
		was=0
		if git -C "$TREE" cat-file -e "base:$f" 2>/dev/null; then
			was=$(git -C "$TREE" show "base:$f" > "$OUT/kdoc-base.tmp" &&
				"$TREE/scripts/kernel-doc" -none "$OUT/kdoc-base.tmp" 2>&1 | normalize | wc -l)
		fi
		if [ "$now" -le "$was" ]; then result static "kernel-doc $f" pass "$now warnings (base $was)"
		else result static "kernel-doc $f" fail "$now warnings, base had $was"; fi
	done

	for arch in x86_64 arm64; do
		if sparse_w1 $arch > "$OUT/logs/static-sparse-w1-$arch.txt"; then
			compare sparse-w1-$arch "$OUT/logs/static-sparse-w1-$arch.txt"
		else
			result static sparse-w1-$arch fail "the C=2 W=1 build failed (see build/logs/static-sparse-w1-$arch.log)"
		fi
	done
	i386_writer
	for d in $dirs; do
		n=$(refname "$d")
		[ -f "$REF/$n.txt" ] || { result static "$n" fail "no base reference: run 'make static-refs'"; continue; }
		if cocci "$d" > "$OUT/logs/static-$n.txt"; then
			compare "$n" "$OUT/logs/static-$n.txt"
		else
			result static "$n" fail "coccicheck failed on $d"
		fi
	done
	;;
esac
exit 0
