#!/bin/bash
# make demo [BASE=1]: build the lab kernels (patched, or the unpatched base with BASE=1) and
# run the DMA-under-replace test on the four machines; print one table.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$TOP/lab/deps.sh"
"$TOP/lab/tree.sh"
secs=${LAB_SECONDS:-8}
if [ "${BASE:-0}" = 1 ]; then
	# The base kernel with only the test program from the series: build it from a worktree
	# of 'base', in its own output directories.
	b=$OUT/base-tree
	if [ ! -d "$b" ]; then git -C "$TREE" worktree prune; git -C "$TREE" worktree add -q --detach "$b" base; fi
	git -C "$b" reset -q --hard base && git -C "$b" clean -fdq
	git -C "$TREE" diff base HEAD -- tools/testing/selftests/iommu | git -C "$b" apply
	export LAB_TREE=$b LAB_OUT=$OUT/base LAB_CONFIG_LOOSE=1
	OUT=$LAB_OUT
	label="base $(make -s -C "$b" kernelversion) (unpatched kernel)"
else
	label="patched: $(make -s -C "$TREE" kernelversion) + $(git -C "$TREE" rev-list --count base..HEAD) patches"
fi
"$TOP/lab/kernels.sh"
"$TOP/lab/initramfs.sh"
logs=()
for m in vtd vtd-sm amd smmuv3; do
	say "$m: ${secs}s per phase"
	LAB_PIN=0 LAB_SECONDS=$secs "$TOP/lab/run.sh" "$m" dma "$OUT/lab/$m-dma.log" || true
	logs+=("$OUT/lab/$m-dma.log")
done
echo
echo "DMA under replace, $label, QEMU $(qemu-system-x86_64 --version | sed -n 's/.*version \([^ ]*\).*/\1/p') TCG pinned to one CPU"
"$TOP/lab/dma-table.sh" "${logs[@]}"
