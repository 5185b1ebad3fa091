//! The layering of `src/`, checked on every `cargo test` (see docs/ARCHITECTURE.md):
//!
//! - the domain (plan, catalogue, basemap, model, io, coords, symbology, i18n,
//!   tile_source) imports nothing of the window (state, action, app, ui, map, render,
//!   theme, cli) nor the window's crates (egui, eframe, walkers, rfd, wgpu);
//! - panels (`ui`) neither touch files (`std::fs`) nor call `io`: they return actions;
//! - files are read and written only in `io` (and the command line's entry points);
//! - no two top-level modules import each other, directly or through others;
//! - every top-level module is placed on one side, so a new one must be placed too.
//!
//! The checker reads the source as text: comments are left out, and so is a file's
//! trailing `#[cfg(test)] mod tests`, whose helpers may write temporary files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may fail loudly

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules below the window: testable without one.
const DOMAIN: &[&str] = &[
    "plan",
    "catalogue",
    "basemap",
    "model",
    "io",
    "coords",
    "crs",
    "symbology",
    "i18n",
    "tile_source",
    "document",
    "evaluation",
    // Unit tests' pseudo-random numbers (compiled only for tests).
    "test_rng",
];
/// The window and the command line.
const WINDOW: &[&str] = &[
    "state",
    "action",
    "app",
    "ui",
    "map",
    "render",
    "theme",
    "cli",
    "shortcuts",
];
/// Crates only the window may use.
const WINDOW_CRATES: &[&str] = &[
    "egui",
    "eframe",
    "walkers",
    "rfd",
    "egui_file",
    "egui_extras",
    "egui_wgpu",
    "wgpu",
    "egui_kittest",
];
/// Modules that may touch the file system (`std::fs`) outside their tests.
const FILE_SYSTEM: &[&str] = &["io", "cli"];

/// One source file: its path under `src/` and its code without comments and tests.
struct Source {
    path: String,
    code: String,
}

impl Source {
    fn new(path: &str, text: &str) -> Source {
        Source {
            path: path.to_string(),
            code: without_tests(&without_comments(text)),
        }
    }

    /// The top-level module the file belongs to (`map` for `map/plan/paint.rs`); `None`
    /// for the crate roots.
    fn module(&self) -> Option<&str> {
        let first = self.path.split('/').next()?;
        let name = first.strip_suffix(".rs").unwrap_or(first);
        (!matches!(name, "lib" | "main")).then_some(name)
    }

    /// The top-level modules this file names through `crate::`.
    fn crate_imports(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (k, _) in self.code.match_indices("crate::") {
            if k > 0 && is_ident_char(self.code.as_bytes()[k - 1]) {
                continue;
            }
            let rest = &self.code[k + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                for item in top_level_items(group) {
                    out.insert(item);
                }
            } else {
                out.insert(leading_ident(rest).to_string());
            }
        }
        out.retain(|m| !m.is_empty() && m != "self");
        out
    }

    /// The external path roots this file names (`egui` for `egui::Ui`), besides `crate`,
    /// `self`, `super` and `std`.
    fn path_roots(&self) -> BTreeSet<String> {
        let bytes = self.code.as_bytes();
        let mut out = BTreeSet::new();
        for (k, _) in self.code.match_indices("::") {
            let mut start = k;
            while start > 0 && is_ident_char(bytes[start - 1]) {
                start -= 1;
            }
            if start == k || (start >= 1 && bytes[start - 1] == b':') {
                continue;
            }
            out.insert(self.code[start..k].to_string());
        }
        out
    }

    fn uses_std_fs(&self) -> bool {
        let grouped = self.code.match_indices("std::{").any(|(k, _)| {
            top_level_items(&self.code[k + "std::{".len()..])
                .iter()
                .any(|i| i == "fs")
        });
        grouped || self.code.contains("std::fs") || self.code.contains("fs::File")
    }
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn leading_ident(s: &str) -> &str {
    let end = s.bytes().position(|b| !is_ident_char(b)).unwrap_or(s.len());
    &s[..end]
}

/// The first path segment of each item of a `{a, b::c, d::{e, f}}` group (the text after
/// the opening brace).
fn top_level_items(group: &str) -> Vec<String> {
    let mut items = Vec::new();
    let (mut depth, mut at_item_start) = (0usize, true);
    for (k, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if c.is_whitespace() => {}
            _ if at_item_start && depth == 0 => {
                items.push(leading_ident(&group[k..]).to_string());
                at_item_start = false;
            }
            _ => {}
        }
    }
    items
}

/// The text with `//` and `/* */` comments blanked (string literals are kept; a `//`
/// inside one is rare enough in this code base not to matter).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let code = match line.find("//") {
            Some(k) if !line[..k].contains('"') => &line[..k],
            _ => line,
        };
        out.push_str(code);
        out.push('\n');
    }
    while let Some(start) = out.find("/*") {
        let end = out[start..].find("*/").map_or(out.len(), |e| start + e + 2);
        out.replace_range(start..end, " ");
    }
    out
}

/// The text before a trailing `#[cfg(test)]` module.
fn without_tests(code: &str) -> String {
    let mut search = 0;
    while let Some(k) = code[search..].find("#[cfg(test)]") {
        let at = search + k;
        let after = code[at + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") || after.starts_with("pub mod ") || after.starts_with("pub(crate) mod ") {
            return code[..at].to_string();
        }
        search = at + 1;
    }
    code.to_string()
}

/// Every `.rs` file under `src/`; the programs under `src/bin/` only with `with_bin` (they
/// are crates of their own, outside the library's layering).
fn read_sources(root: &Path, with_bin: bool) -> Vec<Source> {
    fn walk(dir: &Path, skip: Option<&Path>, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if Some(path.as_path()) != skip {
                    walk(&path, skip, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    let bin = root.join("bin");
    walk(root, (!with_bin).then_some(bin.as_path()), &mut paths);
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            Source::new(&rel, &std::fs::read_to_string(p).expect("source is UTF-8"))
        })
        .collect()
}

/// What breaks the layering, one line each (empty: none).
fn violations(sources: &[Source]) -> Vec<String> {
    let mut found = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in sources {
        let Some(module) = s.module() else { continue };
        let domain = DOMAIN.contains(&module);
        if !domain && !WINDOW.contains(&module) {
            found.push(format!(
                "{}: the module “{module}” is in neither DOMAIN nor WINDOW of tests/architecture.rs",
                s.path
            ));
        }
        let imports = s.crate_imports();
        for m in &imports {
            if domain && WINDOW.contains(&m.as_str()) {
                found.push(format!(
                    "{}: the domain module “{module}” imports the window's “{m}”",
                    s.path
                ));
            }
            if module == "ui" && m == "io" {
                found.push(format!(
                    "{}: a panel calls io (panels return actions; the app does I/O)",
                    s.path
                ));
            }
            if m != module {
                graph.entry(module.to_string()).or_default().insert(m.clone());
            }
        }
        if domain {
            for root in s.path_roots() {
                if WINDOW_CRATES.contains(&root.as_str()) {
                    found.push(format!(
                        "{}: the domain module “{module}” uses the crate {root}",
                        s.path
                    ));
                }
            }
        }
        if s.uses_std_fs() && !FILE_SYSTEM.contains(&module) {
            found.push(format!(
                "{}: std::fs outside io (files are read and written in io)",
                s.path
            ));
        }
    }
    found.extend(cycles(&graph));
    found
}

/// Each cycle between top-level modules, as `a → b → a`.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if let Some(k) = path.iter().position(|p| p == node) {
            let mut cycle = path[k..].to_vec();
            cycle.push(node.to_string());
            out.push(format!("import cycle: {}", cycle.join(" → ")));
            return;
        }
        if done.contains(node) {
            return;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done, out);
        }
        path.pop();
        done.insert(node.to_string());
    }
    let (mut done, mut out) = (BTreeSet::new(), Vec::new());
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_source_tree_keeps_its_layering() {
    let sources = read_sources(&src(), false);
    assert!(sources.len() > 50, "read {} files", sources.len());
    let found = violations(&sources);
    assert!(found.is_empty(), "layering broken:\n{}", found.join("\n"));
}

#[test]
fn no_source_file_is_longer_than_850_lines() {
    let long: Vec<String> = read_sources(&src(), true)
        .iter()
        .filter_map(|s| {
            let n = std::fs::read_to_string(src().join(&s.path)).ok()?.lines().count();
            (n > 850).then(|| format!("{}: {n} lines", s.path))
        })
        .collect();
    assert!(long.is_empty(), "split these by job:\n{}", long.join("\n"));
}

#[test]
fn a_domain_module_importing_the_window_is_caught() {
    let sources = [
        Source::new("model/x.rs", "use crate::state::AppState;\n"),
        Source::new("state.rs", "use crate::model::x;\n"),
    ];
    let found = violations(&sources);
    assert!(
        found.iter().any(|f| f.contains("“model” imports the window's “state”")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.contains("import cycle: model → state → model")),
        "{found:?}"
    );
}

#[test]
fn grouped_imports_window_crates_and_file_access_are_caught() {
    let sources = [
        Source::new(
            "io/a.rs",
            "use crate::{coords, map::Thing};\nfn f(ui: &mut egui::Ui) {}\n",
        ),
        Source::new(
            "ui/b.rs",
            "fn g() { let _ = std::fs::read(\"x\"); crate::io::load(); }\n",
        ),
        Source::new("map/c.rs", "fn h() {}\n"),
        Source::new("coords.rs", "fn k() {}\n"),
        Source::new("io/mod.rs", "fn m() {}\n"),
        Source::new("model/z.rs", "use std::{io::Write, fs};\n"),
    ];
    let found = violations(&sources);
    for expected in [
        "io/a.rs: the domain module “io” imports the window's “map”",
        "io/a.rs: the domain module “io” uses the crate egui",
        "ui/b.rs: std::fs outside io",
        "ui/b.rs: a panel calls io",
        "model/z.rs: std::fs outside io",
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(expected)),
            "{expected} not in {found:?}"
        );
    }
    assert_eq!(found.len(), 5, "{found:?}");
}

#[test]
fn comments_and_trailing_tests_do_not_count_as_imports() {
    let sources = [Source::new(
        "model/y.rs",
        "//! See crate::map::Plugin.\n/* crate::app */ fn a() {}\n#[cfg(test)]\nmod tests {\n    use crate::state::AppState;\n    fn t() { std::fs::write(\"x\", \"\"); }\n}\n",
    )];
    assert_eq!(violations(&sources), Vec::<String>::new());
}

#[test]
fn an_unplaced_top_level_module_is_reported() {
    let found = violations(&[Source::new("gadgets/mod.rs", "fn a() {}\n")]);
    assert!(found.iter().any(|f| f.contains("“gadgets” is in neither")), "{found:?}");
}
