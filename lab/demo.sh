#!/bin/bash
# make demo [BASE=1]: build the lab kernels (patched, or the unpatched base with BASE=1) and
# run the DMA-under-replace test on the four machines; print one table.
# BASE=1 boots the base kernel with the same initramfs as the patched one: the DMA test is
# built once, from the series, and runs unchanged on the base (its uAPI lacks only what the
# test reads as "no hitless claim").
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$TOP/lab/deps.sh"
"$TOP/lab/tree.sh"
secs=${LAB_SECONDS:-8}
machines="vtd vtd-sm amd smmuv3"
"$TOP/lab/initramfs.sh"
if [ "${BASE:-0}" = 1 ]; then
	b=$(base_tree) || die "could not make the base worktree"
	LAB_TREE=$b LAB_OUT=$OUT/base "$TOP/lab/kernels.sh"
	label="base $(make -s -C "$b" kernelversion) (unpatched kernel)"
	kernel() { kernel_image "$(machine_arch "$1")" "$OUT/base"; }
	logdir=$OUT/base/lab
else
	"$TOP/lab/kernels.sh"
	label="patched: $(make -s -C "$TREE" kernelversion) + $(git -C "$TREE" rev-list --count base..HEAD) patches"
	kernel() { kernel_image "$(machine_arch "$1")"; }
	logdir=$OUT/lab
fi
logs=()
for m in $machines; do
	say "$m: ${secs}s per phase"
	LAB_KERNEL=$(kernel $m) LAB_SECONDS=$secs "$TOP/lab/run.sh" "$m" dma "$logdir/$m-dma.log" || true
	logs+=("$logdir/$m-dma.log")
done
echo
echo "DMA under replace, $label, QEMU $(qemu-system-x86_64 --version | sed -n 's/.*version \([^ ]*\).*/\1/p') TCG pinned to one CPU"
"$TOP/lab/dma-table.sh" "${logs[@]}"
