# Hitless IOMMU domain replace: the patch series and its QEMU lab.
# Everything is a short script in lab/; see README.md.
.PHONY: all deps tree export export-check kernels initramfs check demo bench docs static static-refs bisect-check shell clean

all: check

deps:
	lab/deps.sh
tree: deps
	lab/tree.sh
export:
	lab/export.sh export
export-check:
	lab/export.sh check
kernels: tree
	lab/kernels.sh
initramfs:
	lab/initramfs.sh
# The whole lab: builds, DMA under replace on four machines, selftests, KUnit, static checks.
check:
	lab/check.sh
# The main job: DMA under replace on the four machines (BASE=1: on the unpatched kernel).
demo:
	BASE=$(BASE) lab/demo.sh
# What a replace costs on the four machines, patched and base: tables, build/bench/bench.csv
# and build/bench/bench.png (MACHINES= for fewer machines).
bench:
	lab/bench.sh
# The HTML documentation of the pages the series touches, in build/docs/.
docs: deps
	lab/docs.sh
static:
	lab/static.sh check
# Every commit of the series builds on its own (x86_64, arm64 where it matters, selftests).
bisect-check:
	lab/bisect.sh
# Regenerate the base's static findings in lab/static-ref/ (when the series touches a new directory).
static-refs:
	lab/static.sh refs
# Interactive: make shell M=vtd (log in to a lab machine; Ctrl-a x quits QEMU).
shell:
	lab/run.sh $(or $(M),vtd) shell
clean:
	rm -rf build/out-* build/selftests-* build/initramfs-* build/lab build/logs build/base build/bench build/docs
