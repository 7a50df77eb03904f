#!/bin/bash
# Boot one lab machine with the lab kernel and initramfs and run guest jobs.
# Usage: run.sh MACHINE JOBS [LOG]   (JOBS: comma-separated: dma, iommufd, fail_nth, shell)
# Environment: LAB_SECONDS (per DMA phase), LAB_TIMEOUT (whole boot), LAB_PIN (host CPU).
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

append="panic=-1 oops=panic lab.jobs=$jobs lab.seconds=$secs"
# The iommu comes first: QEMU wants it before the PCI devices it translates.
case $machine in
vtd | vtd-sm | amd | x86)
	kernel=$OUT/out-x86_64/arch/x86/boot/bzImage initrd=$OUT/initramfs-x86_64.cpio
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
	kernel=$OUT/out-arm64/arch/arm64/boot/Image initrd=$OUT/initramfs-arm64.cpio
	qemu=(qemu-system-aarch64 -M virt,iommu=smmuv3,gic-version=3 -cpu max)
	append="console=ttyAMA0 $append"
	;;
*) die "unknown machine $machine (vtd vtd-sm amd smmuv3 x86)" ;;
esac
[ -f "$kernel" ] && [ -f "$initrd" ] || die "no lab kernel/initramfs: run 'make kernels initramfs'"

qemu+=(-smp 2 -m 1G -nographic -no-reboot -device edu
	-kernel "$kernel" -initrd "$initrd" -append "$append")
# One host CPU for the whole VM makes the guest's replace thread and the device's DMA
# interleave finely, so a non-hitless replace is caught within seconds.
pin=(); [ -n "${LAB_PIN:-}" ] && pin=(taskset -c "$LAB_PIN")
if [ "$jobs" = shell ]; then exec "${pin[@]}" "${qemu[@]}"; fi
timeout "${LAB_TIMEOUT:-900}" "${pin[@]}" "${qemu[@]}" < /dev/null > "$log" 2>&1 || true
grep -q 'LAB-DONE' "$log" || { echo "$machine: no LAB-DONE (see $log)"; exit 1; }
