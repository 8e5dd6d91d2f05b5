#!/usr/bin/env python3
"""Renders BENCHMARKS.md and bench/results/ratios.svg from bench/results/latest.json.

Everything above the analysis comes from the data; the analysis is bench/benchmarks-analysis.md,
hand-written and included verbatim, so a rerun refreshes the numbers and keeps the prose.
Usage: report.py RESULTS_JSON BENCHMARKS_MD
"""
import json
import os
import sys

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANALYSIS = os.path.join(HOME, "bench", "benchmarks-analysis.md")
TE, GO = "tcp-echo-master", "go-echo"


def med(m, workload, server, metric, variant="default"):
    return m.get(f"{workload}|{server}|{variant}", {}).get(metric)


def targets(res):
    """Each target: what, tcp-echo-master's value, go-echo's, the limit, pass, margin text."""
    m = res["medians"]
    rows = []

    def ratio_row(name, workload, metric, higher_better=True, variant="default"):
        te, go = med(m, workload, TE, metric, variant), med(m, workload, GO, metric)
        if te is None or go is None or not go or not te:
            rows.append({"target": name, "te": te, "go": go, "pass": None, "margin": "not measured"})
            return
        ratio = te / go if higher_better else go / te
        ok = ratio >= 1.0
        rows.append({"target": name, "te": te, "go": go, "ratio": round(te / go, 3), "pass": ok,
                     "margin": f"{'+' if ratio >= 1 else ''}{100 * (ratio - 1):.1f}% vs go-echo"})

    def limit_row(name, value, limit, unit, lower_better=True):
        if value is None:
            rows.append({"target": name, "te": None, "pass": None, "margin": "not measured"})
            return
        ok = value <= limit if lower_better else value >= limit
        diff = (limit - value) if lower_better else (value - limit)
        rows.append({"target": name, "te": value, "limit": limit, "pass": ok,
                     "margin": f"{abs(diff):.4g} {unit} {'headroom' if ok else 'over'}"})

    ratio_row("throughput: echoed bytes/s >= 1.0x go-echo", "throughput", "bytes_per_s")
    ratio_row("latency p50 <= go-echo", "latency", "p50_us", higher_better=False)
    ratio_row("latency p99 <= go-echo", "latency", "p99_us", higher_better=False)
    sustained = m.get(f"churn-2000|{TE}|default", {})
    best = med(m, "churn", TE, "connections_per_s")
    if sustained:
        # The generator paces at 2000/s; it completes ~97-99% of the schedule in the window on an
        # idle server (connections still in flight at the stop are not failures), hence the 3%.
        ok = sustained["failures"] == 0 and sustained["connections_per_s"] >= 0.97 * 2000 and (best or 0) >= 2000
        rows.append({"target": "churn: >= 2000 conn/s sustained, 0 failures", "te": sustained["connections_per_s"],
                     "pass": ok, "margin": f"{sustained['connections_per_s']:.0f}/s at --rate 2000 with "
                                          f"{sustained['failures']} failures; best rate {best or 0:.0f}/s"})
    ratio_row("churn: best rate >= 1.0x go-echo", "churn", "connections_per_s")
    hold = m.get(f"hold|{TE}|default", {})
    if hold:
        rows.append({"target": f"hold: all {hold.get('connections', 0):.0f} echo afterwards", "te": hold.get("echoed_after_hold"),
                     "pass": bool(hold.get("ok")), "margin": f"{hold.get('echoed_after_hold', 0):.0f} of "
                                                             f"{hold.get('connections', 0):.0f} echoed"})
        limit_row("hold: worker RSS growth <= 2 KiB/connection", hold.get("rss_growth_kib_per_conn"), 2.0, "KiB/conn")
    fp = m.get(f"footprint|{TE}|default", {})
    limit_row("idle worker RSS <= 40 MB", fp.get("idle_worker_rss_kib") and fp["idle_worker_rss_kib"] / 1024, 40, "MB")
    pss = m.get(f"pss-4-workers|{TE}|default", {})
    limit_row("PSS <= 25 MB per worker with 4 workers", pss.get("mean_pss_kib") and pss["mean_pss_kib"] / 1024, 25, "MB")
    limit_row("kill -9 of a worker -> new worker accepting <= 300 ms", fp.get("kill9_recovery_ms"), 300, "ms")
    limit_row("start -d -> serving <= 2 s", fp.get("start_d_s"), 2.0, "s")
    ratio_row("efficiency: bytes per server CPU-second >= 1.0x go-echo", "throughput", "bytes_per_cpu_s")
    return rows


def fmt(v, digits=4):
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if abs(v) >= 1e6:
            return f"{v / 1e6:,.1f} M"
        return f"{v:.{digits}g}"
    return str(v)


def chart_items(res):
    m = res["medians"]
    items = []

    def add(label, te, go, higher_better=True):
        if te and go:
            items.append((label, te / go if higher_better else go / te))
    add("throughput bytes/s", med(m, "throughput", TE, "bytes_per_s"), med(m, "throughput", GO, "bytes_per_s"))
    add("throughput, affinity auto", med(m, "throughput", TE, "bytes_per_s", "affinity-auto"),
        med(m, "throughput", GO, "bytes_per_s"))
    add("bytes per CPU-second", med(m, "throughput", TE, "bytes_per_cpu_s"), med(m, "throughput", GO, "bytes_per_cpu_s"))
    add("latency p50 (go/te)", med(m, "latency", TE, "p50_us"), med(m, "latency", GO, "p50_us"), False)
    add("latency p99 (go/te)", med(m, "latency", TE, "p99_us"), med(m, "latency", GO, "p99_us"), False)
    add("churn conn/s", med(m, "churn", TE, "connections_per_s"), med(m, "churn", GO, "connections_per_s"))
    return items


def svg(items):
    """A plain horizontal bar chart: one bar per ratio, a line at 1.0 (parity with go-echo)."""
    w, left, bar, gap, top = 640, 200, 22, 10, 40
    scale_max = max([1.5] + [r for _, r in items]) * 1.1
    px = (w - left - 60) / scale_max
    h = top + len(items) * (bar + gap) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<text x="10" y="20" font-size="14">tcp-echo-master relative to go-echo (median; &gt; 1 is better)</text>']
    for i, (label, r) in enumerate(items):
        y = top + i * (bar + gap)
        color = "#3a7d44" if r >= 1 else "#b5452b"
        out.append(f'<text x="{left - 8}" y="{y + bar * 0.7:.0f}" text-anchor="end">{label}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{r * px:.1f}" height="{bar}" fill="{color}"/>')
        out.append(f'<text x="{left + r * px + 4:.1f}" y="{y + bar * 0.7:.0f}">{r:.2f}x</text>')
    x1 = left + px
    out.append(f'<line x1="{x1:.1f}" y1="{top - 6}" x2="{x1:.1f}" y2="{h - 20}" stroke="#000" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{x1:.1f}" y="{h - 6}" text-anchor="middle">1.0 = go-echo</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def medians_table(res):
    m = res["medians"]
    lines = ["| workload | metric | tcp-echo-master | go-echo | ratio te/go |", "|---|---|---|---|---|"]
    spec = [("throughput", "bytes_per_s", "echoed bytes/s"), ("throughput", "server_cpu_pct", "server CPU %"),
            ("throughput", "bytes_per_cpu_s", "bytes per server CPU-s"),
            ("latency", "p50_us", "p50 us"), ("latency", "p99_us", "p99 us"), ("latency", "p999_us", "p99.9 us"),
            ("churn", "connections_per_s", "best conn/s (--rate 0)"),
            ("churn", "server_cpu_us_per_conn", "server CPU us per connection"), ("churn", "failures", "failures (sum)"),
            ("hold", "echoed_after_hold", "echoed after hold"), ("hold", "rss_growth_kib_per_conn", "RSS KiB/conn"),
            ("hold", "worker_rss_kib_held", "server RSS KiB held")]
    for wl, metric, label in spec:
        te, go = med(m, wl, TE, metric), med(m, wl, GO, metric)
        ratio = f"{te / go:.2f}" if isinstance(te, (int, float)) and isinstance(go, (int, float)) and go else "-"
        lines.append(f"| {wl} | {label} | {fmt(te)} | {fmt(go)} | {ratio} |")
    aff = m.get(f"throughput|{TE}|affinity-auto")
    if aff:
        base = m.get(f"throughput|{TE}|default", {})
        for metric, label in [("bytes_per_s", "echoed bytes/s"), ("bytes_per_cpu_s", "bytes per server CPU-s"),
                              ("server_cpu_pct", "server CPU %")]:
            lines.append(f"| throughput, affinity auto | {label} | {fmt(aff.get(metric))} | "
                         f"{fmt(med(m, 'throughput', GO, metric))} | "
                         f"{aff[metric] / med(m, 'throughput', GO, metric):.2f} (off: {fmt(base.get(metric))}) |")
    warn = m.get(f"churn|{TE}|log-warn")
    if warn:
        base = m.get(f"churn|{TE}|default", {})
        lines.append(f"| churn, log-level warn | conn/s; CPU us per connection | {fmt(warn['connections_per_s'])}; "
                     f"{fmt(warn['server_cpu_us_per_conn'])} | {fmt(med(m, 'churn', GO, 'connections_per_s'))}; "
                     f"{fmt(med(m, 'churn', GO, 'server_cpu_us_per_conn'))} | at info: "
                     f"{fmt(base.get('connections_per_s'))}; {fmt(base.get('server_cpu_us_per_conn'))} |")
    c2 = m.get(f"churn-2000|{TE}|default")
    if c2:
        lines.append(f"| churn --rate 2000 | conn/s, failures | {fmt(c2['connections_per_s'])}, {c2['failures']} | - | - |")
    fp = m.get(f"footprint|{TE}|default", {})
    for metric, label in [("idle_worker_rss_kib", "idle worker RSS KiB"), ("start_d_s", "start -d until serving, s"),
                          ("kill9_recovery_ms", "kill -9 -> new worker serving, ms")]:
        lines.append(f"| footprint | {label} | {fmt(fp.get(metric))} | - | - |")
    pss = m.get(f"pss-4-workers|{TE}|default", {})
    lines.append(f"| 4 workers | mean worker PSS KiB | {fmt(pss.get('mean_pss_kib'))} | - | - |")
    return "\n".join(lines)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f:
        res = json.load(f)
    rows = targets(res)
    res["targets"] = rows
    with open(src, "w") as f:
        json.dump(res, f, indent=1)
    svg_path = os.path.join(os.path.dirname(os.path.abspath(src)), "ratios.svg")
    svg_link = os.path.relpath(svg_path, os.path.dirname(os.path.abspath(dst)))
    with open(svg_path, "w") as f:
        f.write(svg(chart_items(res)))
    mach, st = res["machine"], res["settings"]
    md = ["# Benchmarks", "",
          "<!-- Generated by bench/run.sh from bench/results/latest.json; the analysis below the line comes from "
          "bench/benchmarks-analysis.md. Edit those, not this file. -->", "",
          f"Run {st['started']} .. {st.get('finished', '?')}: {st['rounds']} round(s), {st['duration_s']} s per "
          f"workload, servers alternating (tcp-echo-master first in odd rounds), a fresh server per run, "
          f"{st['workers']} workers (= cores), default config and log level (info). Medians of the rounds."
          + (" **Quick run: 1 round, short workloads, not for conclusions.**" if st.get("quick") else ""), "",
          "## Machine", "",
          f"- CPUs: {mach['nproc']} x {mach['cpu_model']}; memory {mach['mem_kib'] // 1024} MB; kernel {mach['kernel']}",
          f"- Java: {' / '.join(mach['java'])}", f"- Go: {mach['go']}",
          f"- Load average at start {' '.join(mach['loadavg_at_start'])}, at end "
          f"{' '.join(mach.get('loadavg_at_end', []))}: the machine is shared, so absolute numbers drift; "
          "compare ratios.",
          f"- Open-file limit raised by bench/run.sh to {st['open_file_limit']} (`ulimit -n`) for the hold workload.",
          "", "## Targets", "", "| target | tcp-echo-master | go-echo | result | margin |", "|---|---|---|---|---|"]
    for r in rows:
        result = "-" if r["pass"] is None else ("PASS" if r["pass"] else "**MISS**")
        md.append(f"| {r['target']} | {fmt(r.get('te'))} | {fmt(r.get('go'))} | {result} | {r['margin']} |")
    md += ["", "## Medians", "", medians_table(res), "",
           f"![tcp-echo-master relative to go-echo]({svg_link})", "",
           "Per-round values are in `bench/results/latest.json` (`runs`).", "", "---", ""]
    if os.path.exists(ANALYSIS):
        with open(ANALYSIS) as f:
            md.append(f.read().rstrip() + "\n")
    with open(dst, "w") as f:
        f.write("\n".join(md))
    for r in rows:
        result = "n/a " if r["pass"] is None else ("PASS" if r["pass"] else "MISS")
        print(f"{result}  {r['target']}: {fmt(r.get('te'))} ({r['margin']})")


if __name__ == "__main__":
    main()
