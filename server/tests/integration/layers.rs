//! The dependency rule of ARCHITECTURE.md, checked on the source itself: the areas of `app/src`
//! (its top-level folders and files) depend on each other without a cycle, and so do the files
//! of one area, and those of each folder inside an area. A cycle means a shared piece lives
//! inside one of the pieces that use it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn app_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("app/src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The names that follow `prefix` in the code (comments left out): `crate::pairs::api` gives
/// `pairs` for the prefix `crate::`.
fn names_after(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
    {
        let mut rest = line;
        while let Some(at) = rest.find(prefix) {
            let before_ok = at == 0 || {
                let c = rest.as_bytes()[at - 1];
                !(c.is_ascii_alphanumeric() || c == b'_' || c == b':')
            };
            rest = &rest[at + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if before_ok && !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

/// Every source file of `app/src`: its path as parts without `.rs` (`["pairs", "api"]`), and its
/// text.
fn sources() -> Vec<(Vec<String>, String)> {
    let src = app_src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&src).expect("under app/src");
            let parts = relative
                .iter()
                .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_owned())
                .collect();
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            (parts, text)
        })
        .collect()
}

/// Every area's own files, as `area -> (file name -> source)`; `lib.rs` lists every page, so it
/// is above them all and left out.
fn areas() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut areas: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (parts, text) in sources() {
        if parts == ["lib"] {
            continue;
        }
        let area = parts[0].clone();
        let file = parts.get(1).cloned().unwrap_or_else(|| area.clone());
        let merged = areas.entry(area).or_default().entry(file).or_default();
        merged.push_str(&text);
        merged.push('\n');
    }
    areas
}

/// A cycle of `graph`, if it has one, as the names along it.
fn a_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|seen| seen == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn feature_areas_depend_on_each_other_without_a_cycle() {
    let areas = areas();
    let mut graph = Graph::new();
    for (area, files) in &areas {
        let uses = graph.entry(area.clone()).or_default();
        for text in files.values() {
            uses.extend(
                names_after(text, "crate::")
                    .into_iter()
                    .filter(|used| used != area && areas.contains_key(used)),
            );
        }
    }
    assert!(
        graph["pairs"].contains("matching") && graph["matching"].contains("program"),
        "the check reads references between areas: {graph:?}"
    );
    assert_eq!(
        a_cycle(&graph),
        None,
        "areas that depend on each other in a circle"
    );
}

/// Fails when files of one folder (`scope`, as a path like `pairs` or `dashboard::figures`)
/// depend on each other in a circle. `mod.rs` only names the folder's files (or holds what they
/// share), so it is left out; a file's `super::x` is its sibling `x`.
fn assert_files_without_cycle(scope: &str, files: &BTreeMap<String, String>) {
    let mut graph = Graph::new();
    for (file, text) in files {
        if file == "mod" {
            continue;
        }
        let siblings = names_after(text, "super::")
            .into_iter()
            .chain(names_after(text, &format!("crate::{scope}::")));
        graph.entry(file.clone()).or_default().extend(
            siblings.filter(|used| used != file && used != "mod" && files.contains_key(used)),
        );
    }
    assert_eq!(
        a_cycle(&graph),
        None,
        "files of {scope} that depend on each other in a circle"
    );
}

#[test]
fn files_of_one_area_depend_on_each_other_without_a_cycle() {
    for (area, files) in areas() {
        assert_files_without_cycle(&area, &files);
    }
}

/// The files of each folder below an area (`dashboard/figures`…), as `folder -> (file -> source)`.
fn inner_folders() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut folders: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (parts, text) in sources() {
        if parts.len() < 3 {
            continue;
        }
        let (file, folder) = parts.split_last().expect("a path");
        folders
            .entry(folder.join("::"))
            .or_default()
            .insert(file.clone(), text);
    }
    folders
}

#[test]
fn files_of_a_folder_inside_an_area_depend_on_each_other_without_a_cycle() {
    let folders = inner_folders();
    assert!(
        folders.contains_key("dashboard::figures"),
        "the check reads the folders inside areas: {:?}",
        folders.keys()
    );
    for (folder, files) in folders {
        assert_files_without_cycle(&folder, &files);
    }
}
