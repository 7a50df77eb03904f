#!/bin/bash
# make kernels: build the lab kernels out of tree (build/out-ARCH), with ccache, incrementally.
# The previous image is removed first, so a failed build never leaves an old one to boot.
# Usage: kernels.sh [x86_64] [arm64]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -e "$TREE/.git" ] || die "no kernel tree at $TREE: run 'make tree'"
archs=${*:-x86_64 arm64}

for arch in $archs; do
	say "building $arch lab kernel in ${OUT#$TOP/}/out-$arch"
	image=$(kernel_image $arch)
	rm -f "$image"
	lab_configure "$arch"
	start=$(date +%s)
	kmake "$arch" -s "$(basename "$image")"
	kmake "$arch" -s headers >/dev/null
	say "$arch kernel built in $(( $(date +%s) - start ))s"
done
