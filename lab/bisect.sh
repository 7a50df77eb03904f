#!/bin/bash
# make bisect-check: build every commit of the series on its own, as a bisect would: the
# x86_64 lab kernel and the iommu selftests at each commit, the arm64 kernel at the
# commits that touch arm64 code. Each commit is configured from the lab fragments,
# non-interactively, and fails if a symbol the fragments ask for, and that commit's
# Kconfig defines, is not set (so a new symbol, the writer's KUnit test say, is compiled
# from the commit that adds it). The tree is put back on the series branch after.
# BISECT_FROM=N starts at patch N (the patches before it passed an earlier run), and
# BISECT_TO=M stops after patch M.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -z "$(git -C "$TREE" status --porcelain)" ] || die "build/linux has uncommitted changes"
branch=$(git -C "$TREE" branch --show-current)
trap 'git -C "$TREE" checkout -q "$branch"' EXIT
st=$OUT/bisect-selftests; mkdir -p "$st"
fail=0
from=${BISECT_FROM:-1}
for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
	n=$(git -C "$TREE" rev-list --count base.."$c")
	[ "$n" -ge "$from" ] && [ "$n" -le "${BISECT_TO:-999999}" ] || continue
	git -C "$TREE" checkout -q "$c"
	subject=$(git -C "$TREE" log -1 --format=%s)
	log=$OUT/logs/bisect-$n.log
	mkdir -p "$OUT/logs"
	ok=x86_64
	{
		(lab_configure x86_64) &&
		kmake x86_64 -s bzImage headers </dev/null &&
		build_selftests x86_64 "$st"
	} > "$log" 2>&1 || ok=
	if [ -n "$ok" ] && git -C "$TREE" show --name-only --format= "$c" | grep '^drivers/iommu/arm\|^arch/arm64\|Kconfig' >/dev/null; then
		{ (lab_configure arm64) && kmake arm64 -s Image </dev/null; } >> "$log" 2>&1 && ok="$ok+arm64" || ok=
	fi
	# A warning from the compiler is a failure too.
	if [ -n "$ok" ] && grep -q 'warning:' "$log"; then ok=; fi
	if [ -n "$ok" ]; then echo "ok   ($ok) $subject"; else echo "FAIL $subject (see ${log#$TOP/})"; fail=1; fi
done
git -C "$TREE" checkout -q "$branch"
# Put the lab kernels back on the series' head.
"$TOP/lab/kernels.sh" >/dev/null
exit $fail
