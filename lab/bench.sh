#!/bin/bash
# make bench: what a replace costs, on the four lab machines, with the patched and the base
# kernel (same machines, same initramfs), in one run:
#   - replace latency (median, p99), idle and under edu DMA;
#   - a detach + attach cycle, the switch before replace existed;
#   - switching 1, 64, 4096 and 65536 mapped pages by unmapping and remapping each one,
#     against one replace (ratio);
#   - invalidation commands per replace, counted outside the guest from QEMU's trace events
#     of the emulated IOMMU: a boot that replaces BENCH_COUNT times minus one that does not.
# The kernels use configs/bench.config on top of the lab's (no lockdep, no KUnit) and are
# built in build/bench/ (patched) and build/bench/base/ (base). Prints the tables and writes
# build/bench/bench.csv and build/bench/bench.png. MACHINES= to run fewer machines.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
"$TOP/lab/deps.sh"
"$TOP/lab/tree.sh"
machines=${MACHINES:-vtd vtd-sm amd smmuv3}
count=${BENCH_COUNT:-1000}
dir=$OUT/bench
logs=$dir/logs
export LAB_CONFIGS=$TOP/configs/bench.config

archs=$(for m in $machines; do machine_arch $m; done | sort -u | tr '\n' ' ')
LAB_OUT=$dir "$TOP/lab/kernels.sh" $archs
b=$(base_tree) || die "could not make the base worktree"
LAB_TREE=$b LAB_OUT=$dir/base "$TOP/lab/kernels.sh" $archs
"$TOP/lab/initramfs.sh" $archs
rm -rf "$logs"; mkdir -p "$logs"

# The QEMU trace events of each IOMMU's invalidation queue or command buffer (lab/bench-report.py
# tells invalidations from syncs): VT-d prints most queued descriptors with their type, and
# the queue's tail counts them all.
trace_events() {
	case $1 in
	vtd | vtd-sm) echo vtd_inv_desc vtd_inv_qi_setup vtd_inv_qi_tail ;;
	amd) echo amdvi_completion_wait amdvi_devtab_inval amdvi_pages_inval amdvi_all_inval \
		amdvi_iotlb_inval amdvi_intr_inval ;;
	smmuv3) echo smmuv3_cmdq_opcode ;;
	esac
}

set -- $machines
steps=$(( $# * 2 * 3 )) step=0 start=$(date +%s)
progress() {
	step=$((step + 1))
	say "[$step/$steps, $(( $(date +%s) - start ))s] $*"
}
for m in $machines; do
	arch=$(machine_arch $m)
	for k in patched base; do
		image=$(kernel_image $arch "$dir")
		[ $k = base ] && image=$(kernel_image $arch "$dir/base")
		progress "$m $k: latencies, detach + attach, remap-all"
		LAB_KERNEL=$image LAB_TIMEOUT=1200 "$TOP/lab/run.sh" $m bench "$logs/$m-$k-bench.log" ||
			echo "$m $k: the benchmark did not finish (see $logs/$m-$k-bench.log)"
		for c in 0 $count; do
			progress "$m $k: counting invalidations, $c replaces"
			trace=()
			for e in $(trace_events $m); do trace+=(-trace "$e"); done
			LAB_KERNEL=$image LAB_COUNT=$c LAB_QEMU_ARGS="${trace[*]} -D $logs/$m-$k-count$c.trace" \
				"$TOP/lab/run.sh" $m bench_count "$logs/$m-$k-count$c.log" ||
				echo "$m $k: the counting run did not finish (see $logs/$m-$k-count$c.log)"
		done
	done
done

config="tinyconfig + configs/lab-common.config + configs/lab-ARCH.config + configs/bench.config (no lockdep, no KUnit)"
python3 "$TOP/lab/bench-report.py" --logs "$logs" --count "$count" --machines "$machines" \
	--patched "$(make -s -C "$TREE" kernelversion) + $(git -C "$TREE" rev-list --count base..HEAD) patches" \
	--base "$(make -s -C "$b" kernelversion)" --config "$config" \
	--qemu "$(qemu-system-x86_64 --version | sed -n 's/.*version \([^ ]*\).*/\1/p')" \
	--csv "$dir/bench.csv" --plot "$dir/bench.png"
