# Result bookkeeping for make check; sourced. One line per result in $RESULTS:
#   GROUP<TAB>NAME<TAB>pass|fail|skip|xfail<TAB>detail
# NAME is stable from run to run (numbers go in the detail), so two runs can be compared.
# xfail is an expected failure: a replace phase on a driver that does not claim hitless
# replace loses DMA, which the lab reports but does not count as passed.
RESULTS=${RESULTS:-$OUT/results.tsv}

result() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >> "$RESULTS"; }

# Record a command's outcome as one result and return its status; its output goes to
# build/logs/GROUP-NAME.log.
check_cmd() {
	local group=$1 name=$2 log; shift 2
	log=$OUT/logs/$group-$name.log
	mkdir -p "$OUT/logs"
	if "$@" > "$log" 2>&1; then result "$group" "$name" pass; return 0; fi
	result "$group" "$name" fail "see ${log#$TOP/}"
	tail -n 15 "$log" | sed 's/^/    /'
	return 1
}

# The lines of job JOB's output in a console log (between LAB-JOB-START and LAB-JOB).
job_output() { tr -d '\r' < "$2" | sed -n "/LAB-JOB-START $1\$/,/LAB-JOB $1 rc=/p"; }

# Record every TAP/KTAP test line ("ok N name", "not ok N name", "ok N # SKIP name",
# "ok N # XFAIL name") of job JOB in a console log; a job that ran no test fails.
tap_results() {
	local group=$1 job=$2 log=$3 n=0 line st name rc detail
	while IFS= read -r line; do
		case "$line" in
		"not ok "*) st=fail ;;
		*"# SKIP"*) st=skip ;;
		*"# XFAIL"*) st=xfail ;;
		*) st=pass ;;
		esac
		name=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ (- )?//; s/^# (SKIP|XFAIL) //; s/ # .*//')
		# A DMA phase's counts (its RESULT line) go into the detail.
		detail=
		[[ $job != dma* ]] || detail=$(job_output "$job" "$log" | sed -n "s/^# RESULT phase=$name .*\(transfers=[0-9]* lost=[0-9]* corrupted=[0-9]* faults=[0-9]*\).*/\1/p")
		result "$group" "$job: $name" "$st" "$detail"
		n=$((n + 1))
	done < <(job_output "$job" "$log" | grep -E '^(not )?ok [0-9]+ ')
	[ $n -gt 0 ] || result "$group" "$job" fail "no test result in ${log#$TOP/}"
	rc=$(tr -d "\r" < "$log" | sed -n "s/.*LAB-JOB $job rc=\([0-9]*\).*/\1/p")
	if [ -z "$rc" ]; then
		result "$group" "$job: finished" fail "the job did not finish (see ${log#$TOP/})"
	elif [ "$rc" != 0 ]; then
		result "$group" "$job: exit status" fail "exited with $rc (see ${log#$TOP/})"
	fi
}

# Kernel warnings, oopses and lockdep splats printed on the console of a lab machine,
# counted on the host from the console log (the guest's log buffer can wrap), outside the
# jobs' own output. The guest's own count (LAB-KERNEL-WARNINGS) is checked too.
KERNEL_WARNING_RE='^\[ *[0-9]+\.[0-9]+\] (WARNING:|BUG:|Oops|Internal error:|kernel BUG|refcount_t:|UBSAN:|general protection fault|Kernel panic)'
kernel_warnings() {
	local group=$1 log=$2 host guest
	host=$(tr -d '\r' < "$log" | sed '/^LAB-JOB-START /,/^LAB-JOB .* rc=/d' |
		grep -cE "$KERNEL_WARNING_RE")
	guest=$(tr -d '\r' < "$log" | sed -n 's/^LAB-KERNEL-WARNINGS \([0-9]*\).*/\1/p')
	if [ -z "$guest" ]; then
		result "$group" "kernel warnings" fail "the guest never counted (see ${log#$TOP/})"
	elif [ "$host" = 0 ] && [ "$guest" = 0 ]; then
		result "$group" "kernel warnings" pass
	else
		result "$group" "kernel warnings" fail "$host on the console, $guest in the guest's log (see ${log#$TOP/})"
	fi
}

summary() {
	local p f s x
	echo
	awk -F'\t' '{ g[$1] = 1; c[$1 FS $3]++ } END {
		printf "%-12s %7s %7s %7s %7s\n", "group", "passed", "failed", "skipped", "xfail";
		for (k in g) printf "%-12s %7d %7d %7d %7d\n", k, c[k FS "pass"], c[k FS "fail"],
			c[k FS "skip"], c[k FS "xfail"] }' \
		"$RESULTS" | (read -r h; echo "$h"; sort)
	if grep -q $'\txfail\t' "$RESULTS"; then
		echo; echo "expected failures:"; awk -F'\t' '$3 == "xfail" { printf "  %s: %s %s\n", $1, $2, $4 }' "$RESULTS"
	fi
	if grep -q $'\tfail\t' "$RESULTS"; then
		echo; echo "failed:"; awk -F'\t' '$3 == "fail" { printf "  %s: %s %s\n", $1, $2, $4 }' "$RESULTS"
	fi
	p=$(grep -c $'\tpass\t' "$RESULTS" || true)
	f=$(grep -c $'\tfail\t' "$RESULTS" || true)
	s=$(grep -c $'\tskip\t' "$RESULTS" || true)
	x=$(grep -c $'\txfail\t' "$RESULTS" || true)
	echo
	echo "$p passed, $f failed, $s skipped, $x expected failures"
	[ "$f" = 0 ]
}
