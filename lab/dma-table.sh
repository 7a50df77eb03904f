#!/bin/bash
# Print the DMA-under-replace table from console logs: dma-table.sh LOG...
# Each log is build/lab/MACHINE-dma.log (or any name: the machine is the part before "-dma").
# result: pass, FAIL, or XFAIL (the replace phase of a driver that does not claim hitless
# replace: its losses are expected and reported, not counted as passed).
printf '%-8s %-8s %6s %10s %9s %6s %9s %7s %-5s %s\n' machine phase secs replaces/s transfers lost corrupted faults claim result
for log in "$@"; do
	m=$(basename "$log" .log); m=${m%-dma*}
	if [ ! -f "$log" ] || ! grep -q 'RESULT phase=' "$log"; then
		printf '%-8s %s\n' "$m" "no result (see $log)"; continue
	fi
	tr -d '\r' < "$log" | sed -n 's/.*RESULT //p' | while read -r kv; do
		declare -A r=()
		for f in $kv; do r[${f%%=*}]=${f#*=}; done
		res=${r[result]:-?}; [ "$res" = pass ] || res=${res^^}
		printf '%-8s %-8s %6s %10s %9s %6s %9s %7s %-5s %s\n' "$m" "${r[phase]}" "${r[seconds]}" \
			"${r[replaces_per_s]}" "${r[transfers]}" "${r[lost]}" "${r[corrupted]}" \
			"${r[faults]}" "$([ "${r[claim]:-0}" = 1 ] && echo yes || echo no)" "$res"
	done
done
