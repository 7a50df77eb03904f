#!/bin/bash
# make check: build, boot and test everything; prints a table and
# "N passed, N failed, N skipped, N expected failures".
#   tree     the series applies to the base with no fuzz and round-trips through export
#   build    both lab kernels and initramfs images (a machine whose images did not build
#            is not run, and counts as failed)
#   MACHINE  DMA under replace on vtd, vtd-sm, amd, smmuv3 (+ KUnit on smmuv3); where the
#            machine has two edu devices (lib.sh machine_edus) also the two-device case (dma2)
#   x86      iommufd and iommufd_fail_nth selftests on the mock driver (+ KUnit on x86_64)
#   base     the unpatched kernel runs the same DMA test with hitless required (-H): the
#            negative control, which must see DMA lost; it also keeps make demo BASE=1 honest
#   static   checkpatch, kernel-doc, sparse + W=1, Coccinelle against the base's findings
#   docs     make htmldocs of driver-api and userspace-api: no warning in a file the series
#            touches
# Every result has a stable name; numbers go in its detail (build/results.tsv).
# For a quicker look while developing: MACHINES="vtd" limits the DMA machines, and
# CHECK_SKIP="x86 base static docs" skips those groups (each recorded as skipped, never passed).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$TOP/lab/results.sh"
MACHINES=${MACHINES:-vtd vtd-sm amd smmuv3}
# The machine the negative control boots the base kernel on (an x86_64 one).
NEGATIVE=${LAB_NEGATIVE:-vtd}
[ "$(machine_arch "$NEGATIVE")" = x86_64 ] || die "LAB_NEGATIVE=$NEGATIVE: the base kernel is built for x86_64 machines only"
# The KUnit suites each kernel must run at boot.
declare -A KUNIT=(
	[x86_64]="iommu-entry-writer intel-iommu-replace amd-iommu-replace"
	[arm64]="iommu-entry-writer arm-smmu-v3-kunit-test"
)
SKIP=" ${CHECK_SKIP:-} "
skipping() { [[ $SKIP == *" $1 "* ]] && result "$1" "$1" skip "CHECK_SKIP"; }
mkdir -p "$OUT"
rm -f "$RESULTS"
start=$(date +%s)

# The KUnit results of a console log, against the suites expected of ARCH's kernel.
kunit() {
	local group=$1 log=$2 arch=$3
	# shellcheck disable=SC2086
	"$TOP/lab/kunit-results.py" "$TREE" "$log" "$group" ${KUNIT[$arch]} >> "$RESULTS" ||
		result "$group" "kunit" fail "kunit-results.py failed on ${log#$TOP/}"
}

# The phases of MACHINE's DMA jobs: dma's, and dma2's where it has two edu devices.
dma_phases() {
	echo control mapload replace
	[ "$(machine_edus "$1")" = 1 ] || echo steady ab-storm ab-step ab-fail ab-fail-storm
}

# The RESULT lines of the DMA tests: every phase of MACHINE there, each did its work
# (transfers; replaces in the replace phases, maps in the mapload and ab-step phases).
# Prints what is wrong, nothing when all is well.
dma_work_problems() {
	tr -d '\r' < "$1" | sed -n 's/.*RESULT //p' | awk -v want="$(dma_phases "$2")" '{
		delete r
		for (i = 1; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
		seen[r["phase"]] = 1
		if (r["transfers"] + 0 == 0) print r["phase"] ": no transfers"
		if (r["phase"] ~ /^(replace|ab-storm|ab-step|ab-fail)$/ && r["replaces"] + 0 == 0) print r["phase"] ": no replaces"
		if (r["phase"] ~ /^(mapload|ab-step)$/ && r["maps"] + 0 == 0) print r["phase"] ": no maps"
	} END {
		n = split(want, w, " ")
		for (i = 1; i <= n; i++) if (!seen[w[i]]) missing = missing " " w[i]
		if (missing != "") print "phases missing:" missing
	}'
}
# dma_work GROUP LOG MACHINE
dma_work() {
	local group=$1 log=$2 p
	p=$(dma_work_problems "$log" "$3")
	if [ -z "$p" ]; then result "$group" "dma: every phase did its work" pass
	else result "$group" "dma: every phase did its work" fail "$(echo $p)"; fi
}

# The replace benchmark's smoke run (job bench_smoke): it finished and printed each of its
# measurements. make bench takes the numbers; nothing here is timed.
bench_smoke() {
	local group=$1 log=$2 out line missing=
	out=$(job_output bench_smoke "$log")
	for line in "op=replace load=idle pages=2" "op=replace load=dma pages=2" \
		"op=detach_attach load=idle pages=2" "op=replace load=idle pages=64" \
		"op=remap_all load=idle pages=1" "op=remap_all load=idle pages=64"; do
		echo "$out" | grep -q "^BENCH $line n=[1-9]" || missing+=" '$line'"
	done
	if ! echo "$out" | grep -q "LAB-JOB bench_smoke rc=0"; then
		result "$group" "bench: runs" fail "did not finish with rc=0 (see ${log#$TOP/})"
	elif [ -n "$missing" ]; then
		result "$group" "bench: runs" fail "missing:$missing"
	else
		result "$group" "bench: runs" pass "$(echo "$out" | sed -n 's/^BENCH op=replace load=idle pages=2 .*\(median_us=[0-9.]*\).*/replace \1/p')"
	fi
}

# The negative control: on the base kernel, with hitless required, the replace phases
# (dma2: ab-storm, and ab-fail-storm, where each failed replace blocks the device until
# the core puts the old domain back) must fail, and by lost or corrupted data (faults alone do not show that the data check
# works). The other phases must pass there: the test runs on the base.
# negative_job GROUP LOG JOB "PHASES THAT MUST FAIL" PHASES THAT MUST PASS...
negative_job() {
	local group=$1 log=$2 job=$3 storms=$4 tap bad phase storm
	shift 4
	tap=$(job_output "$job" "$log" | grep -E '^(not )?ok [0-9]+ ')
	for phase in "$@"; do
		if echo "$tap" | grep -qE "^ok [0-9]+ $phase\$"; then result "$group" "$NEGATIVE: $phase" pass
		else result "$group" "$NEGATIVE: $phase" fail "see ${log#$TOP/}"; fi
	done
	for storm in $storms; do
		bad=$(tr -d '\r' < "$log" | sed -n "s/.*RESULT phase=$storm .*lost=\([0-9]*\) corrupted=\([0-9]*\).*/\1 \2/p" |
			awk '{ n += $1 + $2 } END { print n + 0 }')
		if ! echo "$tap" | grep -qE "^not ok [0-9]+ $storm\$"; then
			result "$group" "negative control: $storm fails" fail "the $storm phase did not fail with -H on the base kernel"
		elif [ "$bad" -eq 0 ]; then
			result "$group" "negative control: $storm fails" fail "it failed, but the data check saw no lost or corrupted transfer"
		else
			result "$group" "negative control: $storm fails" pass "$bad transfers lost or corrupted"
		fi
	done
}
negative_control() {
	local group=$1 log=$2
	negative_job "$group" "$log" dma_require_hitless replace control mapload
	[ "$(machine_edus "$NEGATIVE")" = 1 ] ||
		negative_job "$group" "$log" dma2_require_hitless "ab-storm ab-fail-storm" steady ab-step ab-fail
	dma_work "$group" "$log" "$NEGATIVE"
	kernel_warnings "$group" "$log"
}

check_cmd setup deps "$TOP/lab/deps.sh"
tree_ok=
check_cmd tree apply "$TOP/lab/tree.sh" && tree_ok=1
check_cmd tree export-check "$TOP/lab/export.sh" check
declare -A built=()
for arch in x86_64 arm64; do
	if [ -z "$tree_ok" ]; then
		result build "kernel-$arch" fail "not built: the series did not apply"
		continue
	fi
	check_cmd build "kernel-$arch" "$TOP/lab/kernels.sh" $arch &&
		check_cmd build "initramfs-$arch" "$TOP/lab/initramfs.sh" $arch && built[$arch]=1
done

# DMA under replace, with QEMU pinned to one host CPU (see lab/run.sh).
for m in $MACHINES; do
	arch=$(machine_arch $m)
	log=$OUT/lab/$m-dma.log
	rm -f "$log"
	if [ -z "${built[$arch]:-}" ]; then
		result "$m" dma fail "not run: the $arch kernel or initramfs did not build"
		continue
	fi
	say "lab: $m"
	jobs=dma; [ "$(machine_edus "$m")" = 1 ] || jobs=dma,dma2
	jobs+=,bench_smoke
	if LAB_SECONDS=${LAB_SECONDS:-4} "$TOP/lab/run.sh" "$m" "$jobs" "$log"; then
		tap_results "$m" dma "$log"
		[[ $jobs != *dma2* ]] || tap_results "$m" dma2 "$log"
		dma_work "$m" "$log" "$m"
		bench_smoke "$m" "$log"
		kernel_warnings "$m" "$log"
	else
		result "$m" boot fail "no LAB-DONE in ${log#$TOP/}"
	fi
	# The suites run at every boot; they are counted once per kernel.
	[ "$m" = smmuv3 ] && kunit "$m" "$log" arm64
done

log=$OUT/lab/x86-selftests.log
rm -f "$log"
if skipping x86; then :
elif [ -z "${built[x86_64]:-}" ]; then
	result x86 selftests fail "not run: the x86_64 kernel or initramfs did not build"
else
	say "lab: x86 (iommufd selftests)"
	if "$TOP/lab/run.sh" x86 iommufd,fail_nth "$log"; then
		tap_results x86 iommufd "$log"
		tap_results x86 fail_nth "$log"
		kernel_warnings x86 "$log"
	else
		result x86 boot fail "no LAB-DONE in ${log#$TOP/}"
	fi
	kunit x86 "$log" x86_64
fi

# The negative control on the base kernel, with the patched initramfs.
log=$OUT/base/lab/$NEGATIVE-dma_require_hitless.log
rm -f "$log"
if skipping base; then :
elif [ -z "${built[x86_64]:-}" ]; then
	result base "negative control" fail "not run: the x86_64 initramfs did not build"
elif ! b=$(base_tree); then
	result base "negative control" fail "no base worktree"
elif check_cmd base kernel-x86_64 env LAB_TREE="$b" LAB_OUT="$OUT/base" "$TOP/lab/kernels.sh" x86_64; then
	say "lab: $NEGATIVE on the base kernel (negative control)"
	jobs=dma_require_hitless
	[ "$(machine_edus "$NEGATIVE")" = 1 ] || jobs+=,dma2_require_hitless
	if LAB_KERNEL=$(kernel_image x86_64 "$OUT/base") LAB_SECONDS=${LAB_SECONDS:-4} \
		"$TOP/lab/run.sh" "$NEGATIVE" "$jobs" "$log"; then
		negative_control base "$log"
	else
		result base boot fail "no LAB-DONE in ${log#$TOP/}"
	fi
fi

say "static checks"
if skipping static; then :
elif [ -z "$tree_ok" ]; then
	result static "all checks ran" fail "not run: the series did not apply"
elif "$TOP/lab/static.sh" check; then
	result static "all checks ran" pass
else
	result static "all checks ran" fail "static.sh stopped before the end (exit $?)"
fi

say "docs"
if skipping docs; then :
elif [ -z "$tree_ok" ]; then
	result docs htmldocs fail "not run: the series did not apply"
else
	check_cmd docs htmldocs "$TOP/lab/docs.sh"
fi

echo
"$TOP/lab/dma-table.sh" $(for m in $MACHINES; do echo "$OUT/lab/$m-dma.log"; done)
echo
echo "Negative control: the base kernel with hitless required (-H):"
"$TOP/lab/dma-table.sh" "$OUT/base/lab/$NEGATIVE-dma_require_hitless.log"
echo
echo "make check took $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s"
summary
