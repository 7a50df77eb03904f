#!/bin/bash
# make check: build, boot and test everything; prints a table and "N passed, N failed".
#   tree     the series applies to the base with no fuzz and round-trips through export
#   build    both lab kernels and initramfs images
#   MACHINE  DMA under replace on vtd, vtd-sm, amd, smmuv3 (+ KUnit on smmuv3)
#   x86      iommufd and iommufd_fail_nth selftests on the mock driver (+ KUnit on x86_64)
#   static   checkpatch, kernel-doc, sparse + W=1, Coccinelle against the base's findings
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/lab/results.sh"
MACHINES=${MACHINES:-vtd vtd-sm amd smmuv3}
rm -f "$RESULTS"
start=$(date +%s)

check_cmd setup deps "$TOP/lab/deps.sh"
check_cmd tree apply "$TOP/lab/tree.sh"
check_cmd tree export-check "$TOP/lab/export.sh" check
for arch in x86_64 arm64; do
	check_cmd build "kernel-$arch" "$TOP/lab/kernels.sh" $arch &&
		check_cmd build "initramfs-$arch" "$TOP/lab/initramfs.sh" $arch
done

# DMA under replace, with QEMU pinned to one host CPU (see lab/run.sh).
for m in $MACHINES; do
	log=$OUT/lab/$m-dma.log
	say "lab: $m"
	if LAB_PIN=0 LAB_SECONDS=${LAB_SECONDS:-4} "$TOP/lab/run.sh" "$m" dma "$log"; then
		tap_results "$m" dma "$log"
		kernel_warnings "$m" "$log"
	else
		result "$m" boot fail "no LAB-DONE in ${log#$TOP/}"
	fi
	if [ "$m" = smmuv3 ]; then
		# The SMMUv3 and entry writer suites run at boot; their absence is a failure.
		k=$("$TOP/lab/kunit-results.py" "$TREE" "$log" "$m")
		[ -n "$k" ] && echo "$k" >> "$RESULTS" || result "$m" kunit fail "no KUnit results in ${log#$TOP/}"
	fi
done

say "lab: x86 (iommufd selftests)"
log=$OUT/lab/x86-selftests.log
if "$TOP/lab/run.sh" x86 iommufd,fail_nth "$log"; then
	tap_results x86 iommufd "$log"
	tap_results x86 fail_nth "$log"
	kernel_warnings x86 "$log"
else
	result x86 boot fail "no LAB-DONE in ${log#$TOP/}"
fi
# The hitless entry writer suite runs at boot; its absence is a failure.
k=$("$TOP/lab/kunit-results.py" "$TREE" "$log" x86)
[ -n "$k" ] && echo "$k" >> "$RESULTS" || result x86 kunit fail "no KUnit results in ${log#$TOP/}"

say "static checks"
"$TOP/lab/static.sh" check

echo
"$TOP/lab/dma-table.sh" $(for m in $MACHINES; do echo "$OUT/lab/$m-dma.log"; done)
echo
echo "make check took $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s"
summary
