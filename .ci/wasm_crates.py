#!/usr/bin/env python3
"""Code size per crate (and per portal of the app) in a WASM file, from
`twiggy top -f csv` on standard input: each function is counted for the
crate its name starts with (for `<A as B>::f`, the crate of A). Sections
and data are listed by name. Prints the top N (argument, default 15)."""
import csv
import re
import sys

top = int(sys.argv[1]) if len(sys.argv) > 1 else 15
sizes = {}
total = 0
for row in csv.DictReader(sys.stdin):
    name, size = row["Name"], int(row["ShallowSize"])
    # Names and wasm-bindgen's notes are not shipped in a release build.
    if " subsection" in name or name.startswith("custom section"):
        continue
    total += size
    if name.startswith(("custom section", "data segment", "\"function names\"", "elem[", "import ", "export ", "table[", "type[", "global[", "memory[")) or " subsection" in name:
        key = name
    else:
        n = name.lstrip("<&*")
        n = re.sub(r"^(mut |const |dyn )+", "", n)
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)", n)
        key = m.group(1) if m else "(other)"
        # A blanket impl (`<T as serde::Deserialize>::…`): the trait's crate.
        g = re.match(r"[A-Z]\w{0,2} as (?:&?(?:mut )?)([a-z_][a-z0-9_]*)::", n)
        if g and len(key) <= 3 and key[0].isupper():
            key = g.group(1)
        if key == "app":
            p = re.match(r"app::(portals::\w+|\w+)", n)
            key = "app::" + p.group(1) if p else "app"
    sizes[key] = sizes.get(key, 0) + size
print(f"  {'bytes':>10} {'share':>6}  crate or section")
for key, size in sorted(sizes.items(), key=lambda kv: -kv[1])[:top]:
    print(f"  {size:>10} {100 * size / total:5.1f}%  {key}")
print(f"  {total:>10} 100.0%  in all")
