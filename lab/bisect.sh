#!/bin/bash
# make bisect-check: build every commit of the series on its own, as a bisect would: the
# x86_64 lab kernel and the iommu selftests at each commit, the arm64 kernel at the
# commits that touch arm64 code. The tree is put back on the series branch after.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -z "$(git -C "$TREE" status --porcelain)" ] || die "build/linux has uncommitted changes"
branch=$(git -C "$TREE" branch --show-current)
trap 'git -C "$TREE" checkout -q "$branch"' EXIT
"$TOP/lab/kernels.sh" >/dev/null
st=$OUT/bisect-selftests; mkdir -p "$st"
fail=0
for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
	git -C "$TREE" checkout -q "$c"
	subject=$(git -C "$TREE" log -1 --format=%s)
	log=$OUT/logs/bisect-$(git -C "$TREE" rev-list --count base.."$c").log
	mkdir -p "$OUT/logs"
	ok=x86_64
	{
		make -C "$TREE" O="$OUT/out-x86_64" ARCH=x86_64 CC="ccache gcc" -j"$(nproc)" -s bzImage headers &&
		make -C "$TREE/tools/testing/selftests/iommu" -s OUTPUT="$st" \
			KHDR_INCLUDES="-isystem $OUT/out-x86_64/usr/include"
	} > "$log" 2>&1 || ok=
	if [ -n "$ok" ] && git -C "$TREE" show --name-only --format= "$c" | grep -q '^drivers/iommu/arm\|^arch/arm64'; then
		make -C "$TREE" O="$OUT/out-arm64" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
			CC="ccache aarch64-linux-gnu-gcc" -j"$(nproc)" -s Image >> "$log" 2>&1 && ok="$ok+arm64" || ok=
	fi
	# A warning from the compiler is a failure too.
	if [ -n "$ok" ] && grep -q 'warning:' "$log"; then ok=; fi
	if [ -n "$ok" ]; then echo "ok   ($ok) $subject"; else echo "FAIL $subject (see ${log#$TOP/})"; fail=1; fi
done
git -C "$TREE" checkout -q "$branch"
# Earlier commits' Kconfig dropped the series' own symbols from .config: restore it.
"$TOP/lab/kernels.sh" >/dev/null
exit $fail
