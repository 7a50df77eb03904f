#!/bin/bash
# Build build/initramfs-ARCH.cpio: static busybox, the guest init and the iommu selftests
# (built from the tree, statically, against the lab kernel's uAPI headers). The same image
# boots the base kernel too (make demo BASE=1): the DMA test runs unchanged there.
# The previous image is removed first, so a failed build never leaves an old one to boot.
# Usage: initramfs.sh [x86_64] [arm64]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
archs=${*:-x86_64 arm64}

busybox_for() {
	case $1 in
	x86_64) echo /bin/busybox ;;
	arm64)
		# Debian's arm64 busybox-static, unpacked (not installed) into build/.
		local bb=$OUT/busybox-arm64/bin/busybox
		if [ ! -x "$bb" ]; then
			(cd "$OUT" && rm -f busybox-static_*arm64.deb &&
				apt-get download -q -o APT::Sandbox::User=root busybox-static:arm64 >/dev/null &&
				dpkg-deb -x busybox-static_*arm64.deb busybox-arm64) >&2
		fi
		echo "$bb"
		;;
	esac
}

for arch in $archs; do
	rm -f "$OUT/initramfs-$arch.cpio"
	# The uAPI headers, current (incremental; they need no kernel configuration, and
	# make demo BASE=1 wants only them of the patched tree).
	kmake $arch -s headers >/dev/null

	st=$OUT/selftests-$arch
	build_selftests $arch "$st"

	root=$OUT/initramfs-$arch
	rm -rf "$root"
	mkdir -p "$root"/{bin,dev,proc,sys,tmp}
	cp "$(busybox_for $arch)" "$root/bin/busybox"
	for app in sh mount sed tr ls cat poweroff setsid cttyhack sleep dmesg grep; do
		ln -s busybox "$root/bin/$app"
	done
	cp "$st"/iommufd "$st"/iommufd_fail_nth "$st"/iommufd_dma_replace "$root/bin/"
	# The benchmark came with the series' 56th patch; a tree before it has none.
	[ ! -e "$st"/iommufd_replace_bench ] || cp "$st"/iommufd_replace_bench "$root/bin/"
	install -m 755 "$TOP/lab/guest-init" "$root/init"
	(cd "$root" && find . | sort | cpio -o -H newc --quiet) > "$OUT/initramfs-$arch.cpio.tmp"
	mv "$OUT/initramfs-$arch.cpio.tmp" "$OUT/initramfs-$arch.cpio"
	say "build/initramfs-$arch.cpio ($(du -h "$OUT/initramfs-$arch.cpio" | cut -f1))"
done
