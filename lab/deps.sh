#!/bin/bash
# make deps: install what the lab needs from Debian 12's packages (as root). Idempotent and
# quick when everything is there already.
set -euo pipefail
pkgs="linux-source-6.12 build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils kmod
python3 perl git ccache gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-x86
qemu-system-arm ipxe-qemu busybox-static sparse coccinelle ocaml-nox ocaml-findlib util-linux
gnuplot-nox python3-sphinx python3-sphinx-rtd-theme python3-yaml graphviz"
missing=$(for p in $pkgs; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	grep -q 'install ok installed' || echo "$p"; done)
# arm64 is a foreign architecture only so that apt can fetch the arm64 busybox-static .deb.
foreign=$(dpkg --print-foreign-architectures)
if [ -z "$missing" ] && echo "$foreign" | grep -qx arm64; then
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "deps: need root to install: $missing" >&2; exit 1; }
echo "$foreign" | grep -qx arm64 || dpkg --add-architecture arm64
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing
