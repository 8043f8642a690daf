#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""report.py [--keep OLD.tsv] ROWS.tsv META.tsv OUTDIR: format the rows
bench/run.sh measured.

Prints the table, and writes OUTDIR/RESULTS.md (the table, the machine, and
for every row what was run), OUTDIR/chart.svg (each row's ratio
ukld / baseline on a log scale) and OUTDIR/rows.tsv and meta.tsv (the rows
and meta reported, for a later --keep).  Every figure is a cost (lower is
better) but rates (RATE_UNITS), where higher is better.

--keep OLD.tsv: a run of some sections only (BENCH_ROWS).  The report is
OLD.tsv's rows, each replaced by the row of ROWS.tsv with the same group
and measurement; ROWS.tsv's other rows follow the last old row of their
group (or, with none, come before the size rows, or last).

ROWS.tsv: group, measurement, ukld value, baseline name, baseline value,
unit, how (tab-separated; "-" for a value not measured).
META.tsv: key, value.
"""
import math
import os
import sys
from xml.sax.saxutils import escape

UNIT_NAMES = {"ms": "ms", "insns": "instructions", "bytes": "bytes", "req/s": "requests per second"}
# Units of rates: more is better, so a ratio above 1 is ukld's gain.
RATE_UNITS = {"KB/s", "req/s"}


def read_tsv(path, ncols):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != ncols:
                sys.exit(f"{path}:{n}: expected {ncols} tab-separated columns, got {len(cols)}")
            rows.append(cols)
    return rows


def number(s):
    try:
        return float(s)
    except ValueError:
        return None


def ratio(row):
    u, b = number(row["ukld"]), number(row["base"])
    if u is None or b is None or b <= 0:
        return None
    return u / b


def fmt_value(s, unit):
    v = number(s)
    if v is None:
        return s
    if unit == "ms":
        return f"{v:.2f} ms"
    return f"{int(v):,}" + (" B" if unit == "bytes" else "")


def fmt_ratio(r):
    if r is None:
        return "-"
    if r >= 10:
        return f"{r:.0f}×"
    if r >= 0.1:
        return f"{r:.2f}×"
    return f"{r:.3g}×"


def load_rows(path):
    keys = ("group", "measure", "ukld", "base_name", "base", "unit", "how")
    rows = [dict(zip(keys, r)) for r in read_tsv(path, len(keys))]
    for r in rows:
        r["ratio"] = ratio(r)
    return rows


def merge(old, new):
    key = lambda r: (r["group"], r["measure"])
    fresh = {key(r): r for r in new}
    out = [fresh.pop(key(r), r) for r in old]
    for r in new:
        if key(r) not in fresh:
            continue
        same = [i for i, o in enumerate(out) if o["group"] == r["group"]]
        size = [i for i, o in enumerate(out) if o["group"] == "size"]
        at = same[-1] + 1 if same else size[0] if size else len(out)
        out.insert(at, fresh.pop(key(r)))
    return out


def better(r):
    """Whether ukld does better than the baseline in row r."""
    return r["ratio"] > 1 if r["unit"] in RATE_UNITS else r["ratio"] < 1


def text_table(rows):
    head = ("#", "measurement", "ukld", "baseline", "value", "ratio")
    body = [(str(i), f"{r['group']}: {r['measure']}", fmt_value(r["ukld"], r["unit"]),
             r["base_name"], fmt_value(r["base"], r["unit"]), fmt_ratio(r["ratio"]))
            for i, r in enumerate(rows, 1)]
    w = [max(len(x[c]) for x in [head] + body) for c in range(len(head))]
    right = {0, 2, 4, 5}
    lines = []
    for x in [head] + body:
        lines.append("  ".join(x[c].rjust(w[c]) if c in right else x[c].ljust(w[c])
                               for c in range(len(head))).rstrip())
    return "\n".join(lines)


def markdown(rows, meta):
    md = ["# ukld benchmark results", "",
          "Made by `make bench` (bench/run.sh, bench/report.py). Every row puts ukld,",
          "or an image it linked, beside a baseline measured in the same run on the same",
          "machine; the ratio is ukld / baseline, and every figure is a cost (lower is",
          "better) but the rates (KB/s, requests per second: higher is better). Instruction",
          "counts come from QEMU's `-icount shift=0,sleep=off`, so they repeat",
          "exactly; wall times depend on the machine and its load.", ""]
    for k, v in meta:
        md.append(f"- {k}: {v}")
    md += ["", "![ukld / baseline](chart.svg)", "",
           "| # | measurement | ukld | baseline | baseline value | ratio |",
           "|---:|---|---:|---|---:|---:|"]
    for i, r in enumerate(rows, 1):
        md.append(f"| {i} | {r['group']}: {r['measure']} | {fmt_value(r['ukld'], r['unit'])} | "
                  f"{r['base_name']} | {fmt_value(r['base'], r['unit'])} | {fmt_ratio(r['ratio'])} |")
    md += ["", "## What was run", ""]
    for i, r in enumerate(rows, 1):
        md.append(f"{i}. **{r['group']}: {r['measure']}** ({UNIT_NAMES.get(r['unit'], r['unit'])}). {r['how']}")
    return "\n".join(md) + "\n"


def svg(rows):
    shown = [(i, r) for i, r in enumerate(rows, 1) if r["ratio"] is not None]
    label_w, plot_w, bar_h, gap, top = 430, 420, 18, 8, 58
    width = label_w + plot_w + 70
    height = top + len(shown) * (bar_h + gap) + 40
    logs = [math.log10(r["ratio"]) for _, r in shown] or [0.0]
    lo = math.floor(min(min(logs), 0.0) - 0.05)
    hi = math.ceil(max(max(logs), 0.0) + 0.05)
    if hi == lo:
        hi = lo + 1

    def x(lg):
        return label_w + (lg - lo) / (hi - lo) * plot_w

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="15" font-weight="bold">ukld / baseline, log scale '
           f'(green: ukld does better; costs left of 1, rates right of 1)</text>',
           f'<text x="10" y="38" fill="#555">each bar is one row of RESULTS.md; '
           f'instructions (-icount), wall time (median), bytes, rates (KB/s, requests/s)</text>']
    axis_y = top + len(shown) * (bar_h + gap)
    for p in range(lo, hi + 1):
        px = x(p)
        out.append(f'<line x1="{px:.1f}" y1="{top - 6}" x2="{px:.1f}" y2="{axis_y}" '
                   f'stroke="{"#000" if p == 0 else "#ddd"}" stroke-width="{1.5 if p == 0 else 1}"/>')
        out.append(f'<text x="{px:.1f}" y="{axis_y + 16}" text-anchor="middle">{10.0 ** p:g}×</text>')
    for n, (i, r) in enumerate(shown):
        y = top + n * (bar_h + gap)
        lg = math.log10(r["ratio"])
        x0, x1 = sorted((x(0), x(lg)))
        colour = "#2e7d32" if better(r) else "#e65100"
        label = escape(f"{i}. {r['group']}: {r['measure']}".replace("`", ""))
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 5}" text-anchor="end">{label}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar_h}" '
                   f'fill="{colour}"/>')
        tx, anchor = (x1 + 4, "start") if lg >= 0 else (x0 - 4, "end")
        if lg < 0 and x0 - 60 < label_w:
            tx, anchor = x1 + 4, "start"
        out.append(f'<text x="{tx:.1f}" y="{y + bar_h - 5}" text-anchor="{anchor}">'
                   f'{escape(fmt_ratio(r["ratio"]))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def tsv(rows, keys):
    return "".join("\t".join(r[k] for k in keys) + "\n" for r in rows)


def main():
    args = sys.argv[1:]
    keep = None
    if args[:1] == ["--keep"] and len(args) > 1:
        keep, args = args[1], args[2:]
    if len(args) != 3:
        sys.exit("usage: report.py [--keep OLD.tsv] ROWS.tsv META.tsv OUTDIR")
    rows = load_rows(args[0])
    if keep:
        rows = merge(load_rows(keep), rows)
    meta = read_tsv(args[1], 2)
    outdir = args[2]
    os.makedirs(outdir, exist_ok=True)
    row_keys = ("group", "measure", "ukld", "base_name", "base", "unit", "how")
    for name, text in (("RESULTS.md", markdown(rows, meta)), ("chart.svg", svg(rows)),
                       ("rows.tsv", tsv(rows, row_keys)),
                       ("meta.tsv", "".join(f"{k}\t{v}\n" for k, v in meta))):
        tmp = os.path.join(outdir, name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, os.path.join(outdir, name))
    print(text_table(rows))
    print(f"\nwritten: {os.path.join(outdir, 'RESULTS.md')}, {os.path.join(outdir, 'chart.svg')}")


if __name__ == "__main__":
    main()
