#!/bin/bash
# Boot one lab machine with the lab kernel and initramfs and run guest jobs.
# Usage: run.sh MACHINE JOBS [LOG]
#   JOBS: comma-separated: dma, dma_require_hitless (dma with -H), dma2 (two edu devices,
#   -2), dma2_require_hitless, iommufd, fail_nth, bench, bench_count (LAB_COUNT replaces),
#   shell
# Environment: LAB_SECONDS (per DMA phase), LAB_TIMEOUT (whole boot), LAB_PIN (host CPU;
# default: the first this process may use; "none": no pinning), LAB_KERNEL and LAB_INITRD
# (another kernel image or initramfs, e.g. the base kernel's), LAB_QEMU_ARGS (more QEMU
# arguments, e.g. trace events).
#   vtd     q35 + intel-iommu, legacy mode context entries
#   vtd-sm  q35 + intel-iommu in scalable mode (PASID table entries)
#   amd     q35 + amd-iommu
#   smmuv3  arm64 virt + SMMUv3 (GICv3: its ITS isolates MSIs, iommufd requires that)
#   x86     q35 without an IOMMU (iommufd's mock driver is all the selftests need)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
machine=$1 jobs=$2 log=${3:-$OUT/lab/$1-${2//,/-}.log}
secs=${LAB_SECONDS:-4}
mkdir -p "$(dirname "$log")"

append="panic=-1 oops=panic lab.jobs=$jobs lab.seconds=$secs lab.count=${LAB_COUNT:-0}"
# The iommu comes first: QEMU wants it before the PCI devices it translates.
case $machine in
vtd | vtd-sm | amd | x86)
	kernel=${LAB_KERNEL:-$(kernel_image x86_64)}
	initrd=${LAB_INITRD:-$OUT/initramfs-x86_64.cpio}
	qemu=(qemu-system-x86_64 -M q35 -cpu max)
	append="console=ttyS0 $append"
	case $machine in
	vtd) qemu+=(-device intel-iommu,intremap=on); append+=" intel_iommu=on,sm_off" ;;
	vtd-sm) qemu+=(-device intel-iommu,intremap=on,x-scalable-mode=on)
		append+=" intel_iommu=on,sm_on" ;;
	amd) qemu+=(-device amd-iommu) ;;
	x86) append+=" intel_iommu=off amd_iommu=off" ;;
	esac
	;;
smmuv3)
	kernel=${LAB_KERNEL:-$(kernel_image arm64)}
	initrd=${LAB_INITRD:-$OUT/initramfs-arm64.cpio}
	qemu=(qemu-system-aarch64 -M virt,iommu=smmuv3,gic-version=3 -cpu max)
	append="console=ttyAMA0 $append"
	;;
*) die "unknown machine $machine (vtd vtd-sm amd smmuv3 x86)" ;;
esac
[ -f "$kernel" ] && [ -f "$initrd" ] || die "no lab kernel/initramfs: run 'make kernels initramfs'"

# Each edu device gets a slot of its own on the root bus, and so an IOMMU group of its own.
edu=(-device edu); [ "$(machine_edus "$machine")" = 1 ] || edu+=(-device edu)
qemu+=(-smp 2 -m 1G -nographic -no-reboot "${edu[@]}"
	-kernel "$kernel" -initrd "$initrd" -append "$append" ${LAB_QEMU_ARGS:-})
# One host CPU for the whole VM makes the guest's replace thread and the device's DMA
# interleave finely, so a non-hitless replace is caught within seconds.
pin_cpu=${LAB_PIN:-$(first_cpu)}
pin=(); [ "$pin_cpu" != none ] && pin=(taskset -c "$pin_cpu")
if [ "$jobs" = shell ]; then exec "${pin[@]}" "${qemu[@]}"; fi
timeout "${LAB_TIMEOUT:-900}" "${pin[@]}" "${qemu[@]}" < /dev/null > "$log" 2>&1 || true
grep -q 'LAB-DONE' "$log" || { echo "$machine: no LAB-DONE (see $log)"; exit 1; }
