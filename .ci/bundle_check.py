#!/usr/bin/env python3
"""The bundle budget (issue 21): each portal's pages are code of their own.

Reads the split build's WASM files (the main bundle and every chunk that
`cargo leptos build --split` wrote, from the function names each file
carries) and the split manifest, and fails when
- the main bundle, which every page loads, holds code of any page, or
- one file holds the page code of two portals (so that opening one portal
  would load another's), or
- a page's split loads a file with another portal's page code.

A page is a module under app/src/portals/<portal>/ (public/ counts as a
portal of its own); the route tables in each portal's mod.rs are not pages.
This looks only at which code is where, not at byte sizes: the debug build's
sizes say little about the release build's (`.ci/bench` prints those).

The WASM name section is read by hand (below): it is a few lines of LEB128,
and the tools that print it (wabt, twiggy) would be one more install for the
test command.
"""
import json
import os
import re
import sys

# The router's fallback ("page not found") renders without a route, so its
# code is in the main bundle.
IN_MAIN = {("public", "not_found")}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORTALS_DIR = os.path.join(ROOT, "app", "src", "portals")


def leb(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, pos


def function_names(path):
    data = open(path, "rb").read()
    if data[:4] != b"\0asm":
        raise SystemExit(f"{path}: not a WASM file")
    pos = 8
    names = []
    while pos < len(data):
        sid = data[pos]
        size, pos = leb(data, pos + 1)
        end = pos + size
        if sid == 0:
            n, p = leb(data, pos)
            if data[p:p + n] == b"name":
                p += n
                while p < end:
                    sub = data[p]
                    sub_size, p = leb(data, p + 1)
                    sub_end = p + sub_size
                    if sub == 1:
                        count, q = leb(data, p)
                        for _ in range(count):
                            _, q = leb(data, q)
                            ln, q = leb(data, q)
                            names.append(data[q:q + ln].decode("utf-8", "replace"))
                            q += ln
                    p = sub_end
        pos = end
    return names


def page_modules():
    """portal -> its page modules (file or folder names under the portal)."""
    out = {}
    for portal in sorted(os.listdir(PORTALS_DIR)):
        folder = os.path.join(PORTALS_DIR, portal)
        if not os.path.isdir(folder):
            continue
        mods = set()
        for entry in os.listdir(folder):
            name = entry[:-3] if entry.endswith(".rs") else entry
            if name != "mod" and (entry.endswith(".rs") or os.path.isdir(os.path.join(folder, entry))):
                mods.add(name)
        out[portal] = mods
    return out


def pages_in(names, pages):
    """The (portal, page module) pairs whose code appears in these (mangled
    or plain) function names. wasm-bindgen's import shims (`__wbg_…`) are
    left out: wasm-split keeps every import in the main bundle."""
    found = set()
    # Plain paths (`app::portals::ops::planning`), legacy mangling inside
    # generics (`app..portals..ops..planning`) and length-prefixed paths
    # (`3app7portals3ops8planning`).
    plain = re.compile(r"app(?:::|\.\.)portals(?:::|\.\.)(\w+?)(?:::|\.\.)(\w+?)(?=::|\.\.|\$|$|[^\w])")
    mangled = re.compile(r"3app7portals(\d+)")
    for name in names:
        if "__wbg_" in name:
            continue
        for m in plain.finditer(name):
            if m.group(2) in pages.get(m.group(1), ()):
                found.add((m.group(1), m.group(2)))
        for m in mangled.finditer(name):
            pos = m.end(1)
            ln = int(m.group(1))
            portal = name[pos:pos + ln]
            rest = name[pos + ln:]
            mm = re.match(r"(\d+)", rest)
            if not mm:
                continue
            ln2 = int(mm.group(1))
            module = rest[mm.end():mm.end() + ln2]
            if module in pages.get(portal, ()):
                found.add((portal, module))
    return found


def main():
    pkg = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "site", "pkg")
    manifests = [f for f in os.listdir(pkg) if f.startswith("__wasm_split_manifest") and f.endswith(".json")]
    if len(manifests) != 1:
        raise SystemExit(f"{pkg}: expected one split manifest (a `cargo leptos build --split`), found {manifests}")
    manifest = json.load(open(os.path.join(pkg, manifests[0])))
    wasm = sorted(f for f in os.listdir(pkg) if f.endswith(".wasm"))
    pages = page_modules()
    holds = {}
    total_names = 0
    held = {}
    for f in wasm:
        names = function_names(os.path.join(pkg, f))
        total_names += len(names)
        held[f] = pages_in(names, pages)
        holds[f] = {portal for portal, _ in held[f]}
    if total_names == 0:
        raise SystemExit("no function names in the WASM files: the check needs the debug build")
    chunks = [f for f in wasm if f.startswith(("split_", "chunk_"))]
    mains = [f for f in wasm if f not in chunks]
    problems = []
    for f in mains:
        extra = held[f] - IN_MAIN
        if extra:
            problems.append(f"the main bundle {f} holds page code: " + ", ".join(f"{p}::{m}" for p, m in sorted(extra)))
    for f in chunks:
        if len(holds[f]) > 1:
            problems.append(f"{f} holds page code of several portals: " + ", ".join(f"{p}::{m}" for p, m in sorted(held[f])))
    splits_with_pages = 0
    for split, stems in sorted(manifest.items()):
        loaded = set()
        for stem in stems:
            loaded |= holds.get(stem + ".wasm", set())
        own = holds.get(f"split_{split}.wasm", set())
        if own:
            splits_with_pages += 1
        if len(loaded) > 1:
            problems.append(f"the split {split} loads page code of {sorted(loaded)}")
    print(f"bundle check: {len(mains)} main file(s), {len(chunks)} chunks, {len(manifest)} splits "
          f"({splits_with_pages} with page code), {total_names} function names read")
    per_portal = {}
    for f in chunks:
        for p in holds[f]:
            per_portal[p] = per_portal.get(p, 0) + 1
    print("  chunks with page code per portal: " + ", ".join(f"{p} {n}" for p, n in sorted(per_portal.items())))
    if splits_with_pages == 0:
        problems.append("no split holds page code: are the routes lazy?")
    for p in problems:
        print("  FAIL: " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
