# Shared settings for the lab scripts; sourced, not run.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TREE=${LAB_TREE:-$TOP/build/linux}
OUT=${LAB_OUT:-$TOP/build}
SRC_TAR=/usr/src/linux-source-6.12.tar.xz
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
# Fixed build identity: keeps init/version.c and ccache stable between builds.
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026' KBUILD_BUILD_USER=lab KBUILD_BUILD_HOST=lab

die() { echo "error: $*" >&2; exit 1; }
say() { echo ">>> $*"; }

# The identity that signs the series: this repository's git identity.
identity() {
	local n e
	n=$(git -C "$TOP" config user.name || true)
	e=$(git -C "$TOP" config user.email || true)
	[ -n "$n" ] && [ -n "$e" ] || die "set git user.name/user.email in $TOP"
	echo "$n <$e>"
}

# Commits of the series in the tree, oldest first.
series_commits() { git -C "$TREE" rev-list --reverse base..HEAD; }
