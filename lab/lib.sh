# Shared settings for the lab scripts; sourced, not run.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TREE=${LAB_TREE:-$TOP/build/linux}
OUT=${LAB_OUT:-$TOP/build}
SRC_TAR=/usr/src/linux-source-6.12.tar.xz
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
# Paths under build/ are hashed relative to the build directory, so the base kernel
# (build/base/linux -> build/base/out-ARCH) reuses the patched one's objects
# (build/linux -> build/out-ARCH) wherever a source file is the same.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TOP/build}
# One locale for every tool the lab runs: compiler messages (and so the static-check
# references in lab/static-ref/), sort order and comm all depend on it. LANG and the
# LC_ variables too: the kernel's Makefile unexports LC_ALL, so gcc under kbuild would
# otherwise follow LANG (UTF-8 quotes under C.UTF-8).
export LC_ALL=C LANG=C LC_CTYPE=C LC_MESSAGES=C
unset LANGUAGE
# Fixed build identity: keeps init/version.c and ccache stable between builds.
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026' KBUILD_BUILD_USER=lab KBUILD_BUILD_HOST=lab

die() { echo "error: $*" >&2; exit 1; }
say() { echo ">>> $*"; }

# "Name <email>" of a patch file's From: line (folded headers and encodings undone).
patch_author() {
	git mailinfo /dev/null /dev/null < "$1" |
		awk '/^Author: /{ a = substr($0, 9) } /^Email: /{ e = substr($0, 8) } END { print a " <" e ">" }'
}

# The identity the series is written under: the author of its first patch. The scratch
# tree commits with it, so no personal git identity is needed (or used) anywhere in the lab.
identity() {
	local first
	first=$(grep -v -m1 '^#\|^$' "$TOP/patches/series") || die "patches/series is empty"
	patch_author "$TOP/patches/$first"
}

# The first host CPU this process may run on (QEMU is pinned to it, see run.sh).
first_cpu() { sed -n 's/^Cpus_allowed_list:[[:space:]]*\([0-9]*\).*/\1/p' /proc/self/status; }

# The kernel architecture of a lab machine.
machine_arch() { case $1 in smmuv3) echo arm64 ;; *) echo x86_64 ;; esac; }
# The edu devices of a lab machine: two where the two-device DMA case (dma2) runs.
machine_edus() { case $1 in vtd | vtd-sm | amd | smmuv3) echo 2 ;; *) echo 1 ;; esac; }
# The lab kernel image of ARCH built in OUTDIR (default $OUT).
kernel_image() {
	case $1 in
	x86_64) echo "${2:-$OUT}/out-x86_64/arch/x86/boot/bzImage" ;;
	arm64) echo "${2:-$OUT}/out-arm64/arch/arm64/boot/Image" ;;
	esac
}

# The unpatched base as a worktree of build/linux's 'base' tag, for the base kernel
# (make demo BASE=1, and make check's negative control). Prints its path.
BASE_TREE=$TOP/build/base/linux
base_tree() {
	# A worktree of an earlier build/linux points to a gitdir that is gone: make it anew.
	if ! git -C "$BASE_TREE" rev-parse --git-dir >/dev/null 2>&1 ||
	   [ "$(git -C "$BASE_TREE" rev-parse --show-toplevel 2>/dev/null)" != "$BASE_TREE" ]; then
		rm -rf "$BASE_TREE"
		git -C "$TOP/build/linux" worktree prune
		mkdir -p "$(dirname "$BASE_TREE")"
		git -C "$TOP/build/linux" worktree add -q --detach "$BASE_TREE" base >&2 || return 1
	fi
	git -C "$BASE_TREE" reset -q --hard base && git -C "$BASE_TREE" clean -fdq && echo "$BASE_TREE"
}

# Commits of the series in the tree, oldest first.
series_commits() { git -C "$TREE" rev-list --reverse base..HEAD; }

# make in the kernel tree for ARCH, out of tree in $OUT/out-ARCH (or O=... given later).
kmake() {
	local arch=$1; shift
	case $arch in
	x86_64|i386) make -C "$TREE" O="$OUT/out-$arch" ARCH=$arch CC="ccache gcc" -j"$(nproc)" "$@" ;;
	arm64) make -C "$TREE" O="$OUT/out-$arch" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		CC="ccache aarch64-linux-gnu-gcc" -j"$(nproc)" "$@" ;;
	esac
}

# The iommu selftests for ARCH into OUTDIR, statically linked (as the initramfs boots
# them), against the uAPI headers installed in $OUT/out-ARCH/usr/include.
build_selftests() {
	local arch=$1 outdir=$2 cross=
	[ "$arch" = arm64 ] && cross=aarch64-linux-gnu-
	mkdir -p "$outdir"
	make -s -C "$TREE/tools/testing/selftests/iommu" ARCH=$arch CROSS_COMPILE=$cross \
		OUTPUT="$outdir" KHDR_INCLUDES="-isystem $OUT/out-$arch/usr/include" LDFLAGS=-static
}

# The lab's .config for ARCH in $OUT/out-ARCH: tinyconfig + configs/lab-common.config +
# configs/lab-ARCH.config (+ the fragments in LAB_CONFIGS, e.g. configs/bench.config,
# which override them), non-interactively. Replaced only when it changes, so builds
# stay incremental. Every requested symbol that this tree's Kconfig defines must come
# out as requested (by the last fragment naming it); a symbol the tree does not have may
# only be one the series adds (absent on the base, or at an early commit of the series):
# it is listed and left out. A symbol requested off may also be absent from .config.
last_per_symbol() { tac | awk '{ match($0, /CONFIG_[A-Za-z0-9_]*/); s = substr($0, RSTART, RLENGTH) } !seen[s]++' | tac; }
lab_configure() {
	local arch=$1 o=$OUT/out-$1 tmp frags l sym missing= absent=
	frags=("$TOP/configs/lab-common.config" "$TOP/configs/lab-$arch.config" ${LAB_CONFIGS:-})
	mkdir -p "$o"
	tmp=$OUT/config-$arch
	rm -rf "$tmp"; mkdir -p "$tmp"
	kmake "$arch" -s O="$tmp" tinyconfig >/dev/null || die "$arch: tinyconfig failed"
	(cd "$TREE" && scripts/kconfig/merge_config.sh -m -O "$tmp" "$tmp/.config" "${frags[@]}") >/dev/null ||
		die "$arch: merge_config.sh failed"
	kmake "$arch" -s O="$tmp" olddefconfig </dev/null >/dev/null || die "$arch: olddefconfig failed"
	while read -r l; do
		grep -qx "$l" "$tmp/.config" && continue
		sym=$(echo "$l" | grep -o 'CONFIG_[A-Za-z0-9_]*'); sym=${sym#CONFIG_}
		# Off and absent (its dependencies are off) is off, for a symbol that exists.
		case $l in "# CONFIG_"*)
			grep -q "^CONFIG_$sym=" "$tmp/.config" ||
				! git -C "$TOP/build/linux" grep -q -E "^(menu)?config $sym\$" series -- '*Kconfig*' ||
				continue ;;
		esac
		if git -C "$TREE" grep -q -E "^(menu)?config $sym\$" -- '*Kconfig*'; then
			missing+=" $l"
		elif git -C "$TOP/build/linux" grep -q -E "^(menu)?config $sym\$" series -- '*Kconfig*'; then
			absent+=" $sym"
		else
			missing+=" $l (no such symbol, not even in the series)"
		fi
	done < <(grep -h "^CONFIG_\|^# CONFIG_.* is not set" "${frags[@]}" | last_per_symbol)
	[ -z "$missing" ] || die "$arch config: requested but not set:$missing"
	[ -z "$absent" ] || echo "note: $arch: not in this tree's Kconfig:$absent"
	cmp -s "$tmp/.config" "$o/.config" || cp "$tmp/.config" "$o/.config"
	rm -rf "$tmp"
}
