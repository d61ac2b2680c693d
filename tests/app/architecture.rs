//! The house rules of ARCHITECTURE.md, checked on the source: which layer may name which, that
//! only the orchestration modules name `crate::startup`, that an area is reached only through
//! its `mod.rs`, that no folder names another folder's handlers, forms or views, that no two
//! files import each other even indirectly, and that files stay small. It reads `src/**/*.rs`
//! as text and resolves every `crate::`, `super::` and `self::` path to the file that defines
//! the item (following `pub use` re-exports), so it needs no extra dependency.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Layers, lowest first: a module may name modules of its own layer or a lower one.
const LAYERS: &[&[&str]] = &[
    &["config", "domain"],
    &["error"],
    &["db"],
    &["shop"],
    &["app"],
    &["auth"],
    &["web"],
    &["audit", "jobs", "documents", "records", "hooks"],
    // every area sits here (any top-level module not listed elsewhere)
    &[],
    &["startup", "demo"],
    &["cli", "main"],
];
const AREA_LAYER: usize = 8;
const FOUNDATION_TOP: usize = 7;

/// The areas, earliest first: an area may name an earlier one, never a later one, so no two
/// areas ever name each other, directly or through others. A later area learns of an earlier
/// one's changes through `crate::hooks`. Orders copy a customer's details when placed, and the
/// orders area answers "orders of a customer": customers never names orders.
const AREA_ORDER: &[&str] = &[
    "catalog",
    "inventory",
    "pricing",
    "customers",
    "orders",
    "staff",
    "settings",
    "tokens",
    "dashboard",
];

/// The modules that may name `crate::startup`.
const MAY_NAME_STARTUP: &[&str] = &["startup", "cli", "main"];

/// Modules private to their folder: only files of the same folder may name them.
const FOLDER_PRIVATE: &[&str] = &["handlers", "forms", "views"];

/// Lines a source file may have (generated `db/schema.rs` aside).
const MAX_LINES: usize = 400;

struct SourceFile {
    /// Module path from the crate root: `src/catalog/products/queries.rs` → [catalog, products, queries].
    module: Vec<String>,
    /// The code without comments and without the unit-test module.
    code: String,
    lines: usize,
}

fn src_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    match last.as_str() {
        "lib.rs" => {}
        "mod.rs" => {}
        // main.rs is its own crate; it is treated as the top-level module `main`.
        name => parts.push(name.trim_end_matches(".rs").to_owned()),
    }
    parts
}

/// Drops comments, string literals' contents, and everything from the first `#[cfg(test)]`.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if bytes[i] == b'"' {
            out.push('"');
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else {
            out.push(bytes[i] as char);
            i += 1;
        }
    }
    out
}

fn load() -> Vec<SourceFile> {
    let root = src_dir();
    let mut paths = Vec::new();
    rust_files(&root, &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let relative = path.strip_prefix(&root).unwrap();
            SourceFile {
                module: module_of(relative),
                code: code_of(&text),
                lines: text.lines().count(),
            }
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Expands a use tree (`a::{b, c::{d as e, self}}`) into full paths, each with the name it
/// binds.
fn expand_use_tree(tree: &str, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let mut base = prefix.to_vec();
        base.extend(head);
        let inner = &tree[open + 1..tree.rfind('}').unwrap()];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use_tree(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_use_tree(&inner[start..], &base, out);
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((path, alias)) => (path.trim(), Some(alias.trim().to_owned())),
        None => (tree, None),
    };
    let mut full = prefix.to_vec();
    full.extend(path.split("::").map(str::trim).map(str::to_owned));
    if full.last().is_some_and(|s| s == "self") {
        full.pop();
    }
    let name = alias.unwrap_or_else(|| full.last().cloned().unwrap_or_default());
    out.push((full, name));
}

/// Every `use` declaration of a file: (is it `pub`, the full path, the name bound).
fn use_declarations(code: &str) -> Vec<(bool, Vec<String>, String)> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        let boundary = before.chars().last().is_none_or(|c| !is_ident(c));
        let after = &rest[at + 4..];
        if !boundary {
            rest = after;
            continue;
        }
        let line_start = before.rfind(['\n', ';', '{', '}']).map_or(0, |i| i + 1);
        let public = before[line_start..].trim_start().starts_with("pub");
        let Some(end) = after.find(';') else { break };
        let tree = &after[..end];
        if tree
            .chars()
            .all(|c| is_ident(c) || ":{}, *\n\t".contains(c))
        {
            let mut paths = Vec::new();
            expand_use_tree(tree, &[], &mut paths);
            for (path, name) in paths {
                found.push((public, path, name));
            }
        }
        rest = &after[end..];
    }
    found
}

/// Paths written inline in code (`crate::db::run(..)`), outside `use` declarations.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for anchor in ["crate::", "super::"] {
        let mut rest = code;
        while let Some(at) = rest.find(anchor) {
            let before = &rest[..at];
            let after = &rest[at..];
            rest = &rest[at + anchor.len()..];
            if before
                .chars()
                .last()
                .is_some_and(|c| is_ident(c) || c == ':')
            {
                continue;
            }
            // Skip the ones inside a `use` tree (handled by `use_declarations`).
            let statement_start = before.rfind([';', '}']).map_or(0, |i| i + 1);
            let statement = before[statement_start..].trim_start();
            let statement = statement
                .strip_prefix("pub(crate) ")
                .or_else(|| statement.strip_prefix("pub "))
                .unwrap_or(statement);
            if statement.starts_with("use ") {
                continue;
            }
            let path: String = after
                .chars()
                .take_while(|&c| is_ident(c) || c == ':')
                .collect();
            found.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    found
}

struct Crate {
    files: Vec<SourceFile>,
    by_module: HashMap<Vec<String>, usize>,
    uses: Vec<Vec<(bool, Vec<String>, String)>>,
}

impl Crate {
    fn new() -> Crate {
        let files = load();
        let by_module = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        let uses = files.iter().map(|f| use_declarations(&f.code)).collect();
        Crate {
            files,
            by_module,
            uses,
        }
    }

    /// Turns a path as written in `module` into an absolute one.
    fn absolute(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        let (first, rest) = path.split_first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.to_vec(),
            "super" => module[..module.len().checked_sub(1)?].to_vec(),
            _ => return None,
        };
        let mut rest = rest;
        while rest.first().is_some_and(|s| s == "super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The file that defines what an absolute path names, and the module chain walked to it.
    fn resolve(&self, path: &[String], depth: usize) -> Option<(usize, Vec<String>)> {
        let mut module: Vec<String> = Vec::new();
        let mut walked = 0;
        for segment in path {
            let mut next = module.clone();
            next.push(segment.clone());
            if self.by_module.contains_key(&next) {
                module = next;
                walked += 1;
            } else {
                break;
            }
        }
        let file = *self.by_module.get(&module)?;
        let item = path.get(walked);
        if let (Some(item), true) = (item, depth < 8) {
            // Any `use` makes the name available to the module's children; a `pub use` to all.
            for (_, target, name) in &self.uses[file] {
                if name == item {
                    let target = self.absolute(&module, target).or_else(|| {
                        // `pub use child::Item;` inside a module: relative to it.
                        let mut relative = module.clone();
                        relative.extend(target.iter().cloned());
                        Some(relative)
                    })?;
                    let mut chained = target;
                    chained.extend(path[walked + 1..].iter().cloned());
                    if let Some(found) = self.resolve(&chained, depth + 1) {
                        return Some(found);
                    }
                }
            }
        }
        Some((file, module))
    }

    /// Every path a file names, absolute, as written (before re-exports are followed).
    fn named_paths(&self, file: usize) -> Vec<Vec<String>> {
        let module = &self.files[file].module;
        let mut paths: Vec<Vec<String>> = self.uses[file]
            .iter()
            .filter_map(|(_, path, _)| {
                self.absolute(module, path).or_else(|| {
                    // `use child::x;` in a module file names its own child.
                    let mut relative = module.clone();
                    relative.extend(path.iter().cloned());
                    self.by_module
                        .contains_key(&relative[..module.len() + 1])
                        .then_some(relative)
                })
            })
            .collect();
        for path in inline_paths(&self.files[file].code) {
            if let Some(absolute) = self.absolute(module, &path) {
                paths.push(absolute);
            }
        }
        paths
    }

    fn name(&self, file: usize) -> String {
        let module = &self.files[file].module;
        if module.is_empty() {
            "lib.rs".to_owned()
        } else {
            module.join("::")
        }
    }
}

fn layer_of(top: &str) -> usize {
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or(AREA_LAYER)
}

fn top_of(module: &[String]) -> &str {
    module.first().map_or("", String::as_str)
}

/// The directory (module path without the file's own name) a module file sits in.
fn folder_of(krate: &Crate, file: usize) -> Vec<String> {
    let module = &krate.files[file].module;
    let mut folder = module.clone();
    // A `mod.rs` file is its folder; any other file sits in its parent's.
    let is_folder = krate
        .by_module
        .keys()
        .any(|m| m.len() == module.len() + 1 && m.starts_with(module));
    if !is_folder {
        folder.pop();
    }
    folder
}

#[test]
fn every_import_follows_the_layers_and_area_boundaries() {
    let krate = Crate::new();
    let mut problems = BTreeSet::new();
    for file in 0..krate.files.len() {
        let module = krate.files[file].module.clone();
        if module.is_empty() {
            continue;
        }
        let own_top = top_of(&module).to_owned();
        let own_layer = layer_of(&own_top);
        for path in krate.named_paths(file) {
            let Some((target, chain)) = krate.resolve(&path, 0) else {
                continue;
            };
            if chain.is_empty() {
                // An item of the crate root (an exported macro): no layer.
                continue;
            }
            let target_top = top_of(&path).to_owned();
            if target_top == "startup" && !MAY_NAME_STARTUP.contains(&own_top.as_str()) {
                problems.insert(format!(
                    "{}: names crate::startup (only startup, cli and main may)",
                    krate.name(file)
                ));
            }
            if target_top.is_empty() || target_top == own_top {
                // Within one top-level module: folder-private modules stay in their folder.
                let own_folder = folder_of(&krate, file);
                for depth in 1..=chain.len() {
                    let step = &chain[..depth];
                    if FOLDER_PRIVATE.contains(&step[depth - 1].as_str())
                        && step[..depth - 1] != own_folder[..]
                    {
                        problems.insert(format!(
                            "{}: names {} (handlers, forms and views are private to their folder)",
                            krate.name(file),
                            step.join("::")
                        ));
                    }
                }
                continue;
            }
            let target_layer = layer_of(&target_top);
            if target_layer > own_layer {
                problems.insert(format!(
                    "{}: names {} from a higher layer ({})",
                    krate.name(file),
                    path.join("::"),
                    target_top
                ));
            }
            if own_layer <= FOUNDATION_TOP && target_layer == AREA_LAYER {
                problems.insert(format!(
                    "{}: a foundation module names the area {}",
                    krate.name(file),
                    path.join("::")
                ));
            }
            if target_top == "web" && module.iter().any(|m| m == "commands") {
                problems.insert(format!(
                    "{}: names {} (write code returns domain problems; rendering them is the web layer's)",
                    krate.name(file),
                    path.join("::")
                ));
            }
            if own_layer == AREA_LAYER && target_layer == AREA_LAYER {
                let place = |area: &str| AREA_ORDER.iter().position(|a| *a == area);
                match (place(&own_top), place(&target_top)) {
                    (Some(own), Some(other)) if other > own => {
                        problems.insert(format!(
                            "{}: names {}, a later area ({} comes after {} in AREA_ORDER)",
                            krate.name(file),
                            path.join("::"),
                            target_top,
                            own_top
                        ));
                    }
                    (None, _) | (_, None) => {
                        problems.insert(format!(
                            "{}: {} or {} has no place in AREA_ORDER",
                            krate.name(file),
                            own_top,
                            target_top
                        ));
                    }
                    _ => {}
                }
                // Another area: only what its mod.rs exports (`crate::area::Item`).
                let through_root = chain.len() == 1
                    || path.len() >= 2
                        && !krate
                            .by_module
                            .contains_key(&vec![target_top.clone(), path[1].clone()]);
                if !through_root {
                    problems.insert(format!(
                        "{}: names {} (another area is reached only through its mod.rs)",
                        krate.name(file),
                        path.join("::")
                    ));
                }
            }
            let _ = target;
        }
    }
    let problems: Vec<_> = problems.into_iter().collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_source_files_import_each_other_even_indirectly() {
    let krate = Crate::new();
    let count = krate.files.len();
    let mut edges: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); count];
    for (file, targets) in edges.iter_mut().enumerate() {
        for path in krate.named_paths(file) {
            if let Some((target, _)) = krate.resolve(&path, 0) {
                if target != file && !krate.files[target].module.is_empty() {
                    targets.insert(target);
                }
            }
        }
    }
    let cycles = strongly_connected(&edges);
    let described: Vec<String> = cycles
        .iter()
        .map(|files| {
            let names: Vec<String> = files.iter().map(|&f| krate.name(f)).collect();
            let mut links = Vec::new();
            for &from in files {
                for &to in &edges[from] {
                    if files.contains(&to) {
                        links.push(format!("  {} → {}", krate.name(from), krate.name(to)));
                    }
                }
            }
            format!("cycle: {}\n{}", names.join(", "), links.join("\n"))
        })
        .collect();
    assert!(described.is_empty(), "{}", described.join("\n"));
}

/// Tarjan's algorithm: the groups of two or more files that reach each other.
fn strongly_connected(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct Walk<'a> {
        edges: &'a [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        found: Vec<Vec<usize>>,
    }
    fn visit(walk: &mut Walk<'_>, v: usize) {
        walk.index[v] = Some(walk.next);
        walk.low[v] = walk.next;
        walk.next += 1;
        walk.stack.push(v);
        walk.on_stack[v] = true;
        for &w in walk.edges[v].iter() {
            match walk.index[w] {
                None => {
                    visit(walk, w);
                    walk.low[v] = walk.low[v].min(walk.low[w]);
                }
                Some(index) if walk.on_stack[w] => walk.low[v] = walk.low[v].min(index),
                Some(_) => {}
            }
        }
        if Some(walk.low[v]) == walk.index[v] {
            let mut group = Vec::new();
            while let Some(w) = walk.stack.pop() {
                walk.on_stack[w] = false;
                group.push(w);
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                walk.found.push(group);
            }
        }
    }
    let count = edges.len();
    let mut walk = Walk {
        edges,
        index: vec![None; count],
        low: vec![0; count],
        on_stack: vec![false; count],
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in 0..count {
        if walk.index[v].is_none() {
            visit(&mut walk, v);
        }
    }
    walk.found
}

#[test]
fn source_files_stay_small() {
    let krate = Crate::new();
    let mut too_long = BTreeMap::new();
    for file in &krate.files {
        let name = file.module.join("/");
        if name != "db/schema" && file.lines > MAX_LINES {
            too_long.insert(name, file.lines);
        }
    }
    assert!(
        too_long.is_empty(),
        "files over {MAX_LINES} lines (split them): {too_long:?}"
    );
}

#[test]
fn templates_name_no_rust_paths() {
    // Templates take what they show (booleans such as `can_edit`), so moving a module never
    // breaks a template and a template never decides access.
    let mut offenders = Vec::new();
    let mut stack = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("templates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read_to_string(&path).unwrap().contains("crate::") {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "templates naming crate paths: {offenders:?}"
    );
}

#[test]
fn the_checker_resolves_paths_and_finds_cycles() {
    // The rules above are only as good as the path reading: check it on known shapes.
    let mut paths = Vec::new();
    expand_use_tree(
        "crate::catalog::{self, products::{queries as q, Item}}",
        &[],
        &mut paths,
    );
    let written: Vec<(String, String)> =
        paths.into_iter().map(|(p, n)| (p.join("::"), n)).collect();
    assert_eq!(
        written,
        vec![
            ("crate::catalog".to_owned(), "catalog".to_owned()),
            (
                "crate::catalog::products::queries".to_owned(),
                "q".to_owned()
            ),
            (
                "crate::catalog::products::Item".to_owned(),
                "Item".to_owned()
            ),
        ]
    );
    let code = code_of(
        "// crate::x::y\nfn f() { crate::db::run(\"crate::no\"); }\n#[cfg(test)]\nmod t { use crate::z; }",
    );
    assert_eq!(inline_paths(&code), vec![vec!["crate", "db", "run"]]);
    let edges = vec![
        BTreeSet::from([1]),
        BTreeSet::from([2]),
        BTreeSet::from([0]),
        BTreeSet::new(),
    ];
    assert_eq!(strongly_connected(&edges), vec![vec![0, 1, 2]]);
    let krate = Crate::new();
    let (file, _) = krate
        .resolve(&["app".to_owned(), "AppState".to_owned()], 0)
        .unwrap();
    assert_eq!(krate.name(file), "app");
}
