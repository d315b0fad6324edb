//! The service modules form no import cycle: the lifecycle's effects react
//! to domain events and never call back into a transition (issue 16). A
//! module that needs another module's function names it as `crate::x`, so
//! the graph is read from the sources (without their tests) and checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module (with its submodules) and what it uses of the others.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|e| e == "rs")
            && !["lib", "testing"].contains(&name.as_str())
        {
            let mut text = without_tests(&std::fs::read_to_string(&path).unwrap());
            let dir = src.join(&name);
            if dir.is_dir() {
                for sub in std::fs::read_dir(dir).unwrap() {
                    let sub = sub.unwrap().path();
                    if sub.file_name().is_some_and(|f| f != "tests.rs") {
                        text += &without_tests(&std::fs::read_to_string(sub).unwrap());
                    }
                }
            }
            sources.insert(name, text);
        }
    }
    let names: BTreeSet<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(name, text)| {
            let mut used = BTreeSet::new();
            for (i, _) in text.match_indices("crate::") {
                let rest = &text[i + 7..];
                if let Some(group) = rest.strip_prefix('{') {
                    // `use crate::{a, b::c}`
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    for part in group.split(',') {
                        used.insert(ident(part.trim()));
                    }
                } else {
                    used.insert(ident(rest));
                }
            }
            let used = used
                .into_iter()
                .filter(|u| names.contains(u) && u != name)
                .collect();
            (name.clone(), used)
        })
        .collect()
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn without_tests(text: &str) -> String {
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_owned(),
        None => text.to_owned(),
    }
}

/// A path `from` … `to` through the graph, if there is one.
fn path(
    g: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if !seen.insert(from.to_owned()) {
        return None;
    }
    for next in g.get(from).into_iter().flatten() {
        if next == to {
            return Some(vec![from.to_owned(), next.clone()]);
        }
        if let Some(mut rest) = path(g, next, to, seen) {
            rest.insert(0, from.to_owned());
            return Some(rest);
        }
    }
    None
}

#[test]
fn the_service_modules_form_no_import_cycle() {
    let g = graph();
    assert!(g.len() > 30, "the sources were read: {:?}", g.keys());
    assert!(g["pipeline"].contains("transition"), "the graph is real");
    let cycles: Vec<String> = g
        .iter()
        .flat_map(|(m, used)| used.iter().map(move |u| (m, u)))
        .filter_map(|(m, u)| {
            path(&g, u, m, &mut BTreeSet::new()).map(|p| format!("{m} -> {}", p.join(" -> ")))
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn effects_import_nothing_that_moves_an_order() {
    let g = graph();
    for effect in ["effects", "domain_events"] {
        for mover in [
            "transition",
            "pipeline",
            "approvals",
            "intake",
            "planning",
            "sla",
        ] {
            assert!(
                path(&g, effect, mover, &mut BTreeSet::new()).is_none(),
                "{effect} reaches {mover}"
            );
        }
    }
}
