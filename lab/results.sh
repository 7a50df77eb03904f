# Result bookkeeping for make check; sourced. One line per result in $RESULTS:
#   GROUP<TAB>NAME<TAB>pass|fail|skip<TAB>detail
RESULTS=${RESULTS:-$OUT/results.tsv}

result() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >> "$RESULTS"; }

# Record a command's outcome as one result; its output goes to build/logs/GROUP-NAME.log.
check_cmd() {
	local group=$1 name=$2 log; shift 2
	log=$OUT/logs/$group-$name.log
	mkdir -p "$OUT/logs"
	if "$@" > "$log" 2>&1; then result "$group" "$name" pass; else
		result "$group" "$name" fail "see ${log#$TOP/}"; tail -n 15 "$log" | sed 's/^/    /'; fi
}

# Record every TAP/KTAP test line ("ok N name", "not ok N name # SKIP") between
# "LAB-JOB-START job" and "LAB-JOB job" in a console log; a job that ran no test fails.
tap_results() {
	local group=$1 job=$2 log=$3 n=0 line st name rc
	while IFS= read -r line; do
		case "$line" in
		*"# SKIP"*) st=skip ;;
		"not ok "*) st=fail ;;
		*) st=pass ;;
		esac
		name=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ (- )?//; s/ # .*//')
		result "$group" "$job: $name" "$st"
		n=$((n + 1))
	done < <(tr -d "\r" < "$log" | sed -n "/LAB-JOB-START $job/,/LAB-JOB $job rc=/p" |
		grep -E '^(not )?ok [0-9]+ ')
	[ $n -gt 0 ] || result "$group" "$job" fail "no test result in ${log#$TOP/}"
	rc=$(tr -d "\r" < "$log" | sed -n "s/.*LAB-JOB $job rc=\([0-9]*\).*/\1/p")
	if [ -z "$rc" ]; then
		result "$group" "$job: finished" fail "the job did not finish (see ${log#$TOP/})"
	elif [ "$rc" != 0 ]; then
		result "$group" "$job: exit status" fail "exited with $rc (see ${log#$TOP/})"
	fi
}

# The guest's count of kernel warnings (LAB-KERNEL-WARNINGS) must be 0.
kernel_warnings() {
	local group=$1 log=$2 n
	n=$(tr -d '\r' < "$log" | sed -n 's/.*LAB-KERNEL-WARNINGS \([0-9]*\).*/\1/p')
	case "$n" in
	0) result "$group" "kernel warnings" pass ;;
	"") result "$group" "kernel warnings" fail "no count in ${log#$TOP/}" ;;
	*) result "$group" "kernel warnings" fail "$n warnings in ${log#$TOP/}" ;;
	esac
}

summary() {
	local p f s
	echo
	awk -F'\t' '{ g[$1] = 1; c[$1 FS $3]++ } END {
		printf "%-12s %7s %7s %7s\n", "group", "passed", "failed", "skipped";
		for (k in g) printf "%-12s %7d %7d %7d\n", k, c[k FS "pass"], c[k FS "fail"], c[k FS "skip"] }' \
		"$RESULTS" | (read -r h; echo "$h"; sort)
	if grep -q $'\tfail\t' "$RESULTS"; then
		echo; echo "failed:"; awk -F'\t' '$3 == "fail" { printf "  %s: %s %s\n", $1, $2, $4 }' "$RESULTS"
	fi
	p=$(grep -c $'\tpass\t' "$RESULTS" || true)
	f=$(grep -c $'\tfail\t' "$RESULTS" || true)
	s=$(grep -c $'\tskip\t' "$RESULTS" || true)
	echo
	echo "$p passed, $f failed, $s skipped"
	[ "$f" = 0 ]
}
