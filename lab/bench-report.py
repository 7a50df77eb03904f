#!/usr/bin/env python3
"""The tables, the CSV and the plot of make bench, from the logs of lab/bench.sh.

Reads, per machine and kernel (patched, base), MACHINE-KERNEL-bench.log (the "BENCH" lines
of iommufd_replace_bench) and MACHINE-KERNEL-count{0,N}.trace (QEMU's trace of the IOMMU's
invalidation queue or command buffer in a boot that replaced 0 and N times). Invalidation
commands per replace are the difference of the two, divided by N; syncs (VT-d wait
descriptors, AMD COMPLETION_WAIT, SMMUv3 CMD_SYNC) are counted apart. A missing or
unfinished log leaves its cells empty ("-") and makes the script exit non-zero.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import time

KERNELS = ("patched", "base")
PAGES = (1, 64, 4096, 65536)
# The least a replace can cost in invalidation commands, for every vendor: one
# invalidation of the entry's cache (context / PASID / device table entry, CD or STE) and
# one flush of the old tag (domain ID, ASID or VMID).
MIN_INVALIDATIONS = 2


def parse_bench(path):
    """{(op, load, pages): {key: value}} and the header fields of one bench log"""
    rows, head = {}, {}
    if not os.path.exists(path):
        return rows, head, False
    text = open(path, errors="replace").read()
    for line in text.splitlines():
        m = re.search(r"BENCH (.*)", line)
        if not m:
            continue
        kv = dict(f.split("=", 1) for f in m.group(1).split() if "=" in f)
        if "op" in kv:
            rows[(kv["op"], kv.get("load"), int(kv.get("pages", 0)))] = kv
        else:
            head.update(kv)
    done = re.search(r"LAB-JOB bench rc=0", text) is not None
    return rows, head, done


def command_kind(machine, line):
    """'sync', an invalidation command's name, or None for a line that is neither"""
    if machine in ("vtd", "vtd-sm"):
        # Every descriptor QEMU traces; see count_trace() for the others
        m = re.search(r"vtd_inv_desc invalidate desc type (\S+)", line)
        if not m:
            return None
        return "sync" if m.group(1) == "wait" else m.group(1)
    if machine == "amd":
        m = re.search(r"amdvi_(completion_wait|\w+_inval)\b", line)
        if not m:
            return None
        return "sync" if m.group(1) == "completion_wait" else m.group(1)
    # "smmuv3_cmdq_opcode <--- SMMU_CMD_CFGI_CD"; prefetches are neither
    m = re.search(r"smmuv3_cmdq_opcode <--- SMMU_CMD_(\S+)", line)
    if not m:
        return None
    if m.group(1) == "SYNC":
        return "sync"
    if m.group(1).startswith(("CFGI", "TLBI", "ATC_INV")):
        return m.group(1).lower()
    return None


def count_trace(machine, path):
    counts = collections.Counter()
    if not os.path.exists(path):
        return None
    queue, tail, queued = 0, 0, 0
    with open(path, errors="replace") as f:
        for line in f:
            kind = command_kind(machine, line)
            if kind:
                counts[kind] += 1
            # VT-d: the queue's tail pointer counts every descriptor, also those QEMU 7.2
            # takes without a trace event (PASID-cache and PASID-based IOTLB ones).
            m = re.search(r"vtd_inv_qi_setup addr \S+ size (\d+)", line)
            if m:
                queue, tail = int(m.group(1)), 0
            m = re.search(r"vtd_inv_qi_tail write tail (\d+)", line)
            if m and queue:
                queued += (int(m.group(1)) - tail) % queue
                tail = int(m.group(1))
    if machine in ("vtd", "vtd-sm"):
        untraced = queued - sum(counts.values())
        if untraced:
            counts["pasid-cache/piotlb"] = untraced
    return counts


def finished(log, job):
    return os.path.exists(log) and f"LAB-JOB {job} rc=0" in open(log, errors="replace").read()


def fmt(v, spec=".1f"):
    return "-" if v is None else format(v, spec)


def main():
    ap = argparse.ArgumentParser()
    for a in ("logs", "machines", "patched", "base", "config", "qemu", "csv", "plot"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--count", type=int, required=True)
    args = ap.parse_args()
    machines = args.machines.split()
    ok = True

    data = {}
    for m in machines:
        for k in KERNELS:
            log = os.path.join(args.logs, f"{m}-{k}-bench.log")
            rows, head, done = parse_bench(log)
            if not done:
                print(f"warning: {m} {k}: no finished benchmark in {log}", file=sys.stderr)
                ok = False
            inv = None
            c0 = count_trace(m, os.path.join(args.logs, f"{m}-{k}-count0.trace"))
            cn = count_trace(m, os.path.join(args.logs, f"{m}-{k}-count{args.count}.trace"))
            if (c0 is None or cn is None or
                    not finished(os.path.join(args.logs, f"{m}-{k}-count0.log"), "bench_count") or
                    not finished(os.path.join(args.logs, f"{m}-{k}-count{args.count}.log"),
                                 "bench_count")):
                print(f"warning: {m} {k}: no finished counting runs", file=sys.stderr)
                ok = False
            else:
                inv = {kind: (cn[kind] - c0[kind]) / args.count for kind in set(cn) | set(c0)}
            data[m, k] = (rows, head, inv)

    def val(m, k, op, load, pages, key):
        row = data[m, k][0].get((op, load, pages))
        return float(row[key]) if row and key in row else None

    host = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            host = line.split(":", 1)[1].strip()
            break
    print(f"Replace benchmark, {time.strftime('%Y-%m-%d')}, host {host} ({os.cpu_count()} CPUs), "
          f"QEMU {args.qemu} TCG pinned to one CPU")
    print(f"kernels: patched {args.patched}; base {args.base}")
    print(f"kernel config: {args.config}")
    print()
    print("Latency of one switch between two HWPTs on one IOAS (microseconds; replace under DMA:")
    print("edu transfers running, lost/corrupted of them; detach+attach: the switch without replace)")
    print(f"{'machine':8} {'kernel':7} {'hitless':7} {'replace':>8} {'p99':>8} "
          f"{'underDMA':>8} {'p99':>8} {'lost':>5} {'det+att':>8} {'p99':>8} {'det+att/replace':>15}")
    for m in machines:
        for k in KERNELS:
            rows, head, _ = data[m, k]
            r = val(m, k, "replace", "idle", 2, "median_us")
            d = val(m, k, "detach_attach", "idle", 2, "median_us")
            dma = rows.get(("replace", "dma", 2), {})
            lost = (f"{int(dma['lost']) + int(dma['corrupted'])}/{dma['transfers']}"
                    if dma else "-")
            print(f"{m:8} {k:7} {'yes' if head.get('hitless') == 'claimed' else 'no':7} "
                  f"{fmt(r):>8} {fmt(val(m, k, 'replace', 'idle', 2, 'p99_us')):>8} "
                  f"{fmt(val(m, k, 'replace', 'dma', 2, 'median_us')):>8} "
                  f"{fmt(val(m, k, 'replace', 'dma', 2, 'p99_us')):>8} {lost:>5} "
                  f"{fmt(d):>8} {fmt(val(m, k, 'detach_attach', 'idle', 2, 'p99_us')):>8} "
                  f"{fmt(d / r if r and d else None, '.2f'):>15}")
    print()
    print("Switching every mapped 4 KiB page: unmap + map of each page (remap-all) against one")
    print("replace to a HWPT that already maps the new pages (median; ratio = remap-all / replace)")
    print(f"{'machine':8} {'kernel':7} " + " ".join(
        f"{'@' + str(p) + ' replace us':>15} {'remap ms':>9} {'ratio':>8}" for p in PAGES))
    for m in machines:
        for k in KERNELS:
            cells = []
            for p in PAGES:
                r = val(m, k, "replace", "idle", p, "median_us")
                a = val(m, k, "remap_all", "idle", p, "median_us")
                cells.append(f"{fmt(r):>15} {fmt(a / 1000 if a else None, '.2f'):>9} "
                             f"{fmt(a / r if a and r else None, '.0f'):>8}")
            print(f"{m:8} {k:7} " + " ".join(cells))
    print()
    print(f"IOMMU commands per replace, from QEMU's trace events ({args.count} replaces minus none;")
    print(f"the minimum is {MIN_INVALIDATIONS} invalidations: the entry's cache and the old tag)")
    print(f"{'machine':8} {'kernel':7} {'invalidations':>13} {'min':>4} {'syncs':>6}  by command")
    for m in machines:
        for k in KERNELS:
            inv = data[m, k][2]
            if inv is None:
                print(f"{m:8} {k:7} {'-':>13} {MIN_INVALIDATIONS:>4} {'-':>6}")
                continue
            total = sum(v for kind, v in inv.items() if kind != "sync")
            detail = ", ".join(f"{kind} {v:.2f}" for kind, v in sorted(inv.items())
                               if kind != "sync" and abs(v) >= 0.005)
            print(f"{m:8} {k:7} {total:>13.2f} {MIN_INVALIDATIONS:>4} "
                  f"{inv.get('sync', 0):>6.2f}  {detail}")

    with open(args.csv, "w") as f:
        f.write("machine,kernel,hitless,config,op,load,pages,n,median_us,p99_us,ratio,"
                "transfers,lost,corrupted\n")
        cfg = "bench"
        for m in machines:
            for k in KERNELS:
                rows, head, inv = data[m, k]
                hl = "yes" if head.get("hitless") == "claimed" else "no"
                for (op, load, pages), kv in sorted(rows.items()):
                    f.write(",".join(str(x) for x in (
                        m, k, hl, cfg, op, load, pages, kv.get("n", ""), kv.get("median_us", ""),
                        kv.get("p99_us", ""), kv.get("ratio", ""), kv.get("transfers", ""),
                        kv.get("lost", ""), kv.get("corrupted", ""))) + "\n")
                if inv is not None:
                    for kind, v in sorted(inv.items()):
                        op = "syncs_per_replace" if kind == "sync" else "invalidations_per_replace"
                        f.write(f"{m},{k},{hl},{cfg},{op},{kind},,{args.count},{v:.3f},,,,,\n")
    print()
    print(f"CSV: {args.csv}")

    # The plot: time to switch against mapped pages, remap-all and replace, per machine, on
    # the patched kernels (the base's curves have the same shape; the CSV has them).
    dat = os.path.splitext(args.plot)[0] + ".dat"
    with open(dat, "w") as f:
        for m in machines:
            for k in ("patched",):
                for op in ("remap_all", "replace"):
                    f.write(f'"{m} {op.replace("_", "-")}"\n')
                    for p in PAGES:
                        v = val(m, k, op, "idle", p, "median_us")
                        if v:
                            f.write(f"{p} {v}\n")
                    f.write("\n\n")
    blocks = [(m, k, op) for m in machines for k in ("patched",) for op in ("remap_all", "replace")]
    plots = ", ".join(
        f"'{dat}' index {i} with linespoints title columnheader(1) "
        f"lc {machines.index(m) + 1} pt {6 if op == 'replace' else 7}"
        for i, (m, k, op) in enumerate(blocks))
    script = f"""set terminal png size 1000,650
set output '{args.plot}'
set title 'Switching a device to other memory (patched kernels): unmap + map of every page vs one replace'
set xlabel 'mapped 4 KiB pages'
set ylabel 'median time (microseconds)'
set logscale xy
set key outside right
set grid
plot {plots}
"""
    try:
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        print(f"plot: {args.plot}")
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"error: gnuplot: {e}", file=sys.stderr)
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
