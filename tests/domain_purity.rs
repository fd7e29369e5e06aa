//! `src/domain` is the pure heart of ringup: no database, no terminal, no files, no clock.

use std::fs;
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn the_domain_imports_no_database_terminal_io_or_clock() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain"),
        &mut files,
    );
    assert!(files.len() >= 8, "the domain's files were not found");
    let forbidden = [
        "rusqlite",
        "ratatui",
        "crossterm",
        "tui_input",
        "std::fs",
        "std::io",
        "std::net",
        "std::process",
        "std::env",
        "SystemTime",
        "Instant::now",
        "Zoned::now",
        "Timestamp::now",
        "crate::store",
        "crate::app",
        "crate::ui",
        "crate::cli",
        "crate::config",
    ];
    let mut found = Vec::new();
    for (path, text) in &files {
        for word in forbidden {
            if text.contains(word) {
                found.push(format!("{path}: {word}"));
            }
        }
    }
    assert!(found.is_empty(), "the domain must stay pure: {found:#?}");
}

#[test]
fn only_the_clock_reads_the_time_of_day() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let clock = Path::new("src").join("clock.rs");
    // Reading the wall clock, in Rust or in SQL (a timer's `Instant` is not the time of day).
    let forbidden = [
        "Timestamp::now",
        "Zoned::now",
        "SystemTime::now",
        "'now'",
        "statement_timestamp",
        "CURRENT_TIMESTAMP",
    ];
    let mut found = Vec::new();
    for (path, text) in &files {
        if path.ends_with(clock.to_str().unwrap()) {
            assert!(
                text.contains("Timestamp::now()"),
                "the clock reads the time"
            );
            continue;
        }
        for word in forbidden {
            if text.contains(word) {
                found.push(format!("{path}: {word}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "only src/clock.rs reads the time: {found:#?}"
    );
}

#[test]
fn no_screen_or_command_decides_who_may_do_what() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in ["app", "ui", "cli"] {
        sources(&root.join(dir), &mut files);
    }
    for file in ["cli.rs", "screen.rs"] {
        let path = root.join(file);
        files.push((
            path.display().to_string(),
            fs::read_to_string(&path).unwrap(),
        ));
    }
    assert!(files.len() >= 40, "the front ends' files were not found");
    // A role compared, or an approval limit read: the policy's to decide
    // (`src/domain/policy.rs`), asked by the store as it writes.
    let forbidden = [
        "Role::Manager",
        "Role::Clerk",
        ".role ==",
        ".role !=",
        "is_manager",
        "approval_above",
        "needs_approval",
        "verify_pin",
    ];
    let mut found = Vec::new();
    for (path, text) in &files {
        for word in forbidden {
            if text.contains(word) {
                found.push(format!("{path}: {word}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "who may do what is the policy's alone: {found:#?}"
    );
}

#[test]
fn the_command_line_the_bench_and_the_counter_service_never_reach_into_the_screens() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root.join("cli"), &mut files);
    sources(&root.join("counter"), &mut files);
    for file in ["cli.rs", "bench.rs"] {
        let path = root.join(file);
        files.push((
            path.display().to_string(),
            fs::read_to_string(&path).unwrap(),
        ));
    }
    assert!(files.len() >= 12, "the files were not found");
    let reaching: Vec<String> = files
        .iter()
        .flat_map(|(path, text)| {
            ["crate::app", "crate::ui", "super::app", "super::ui"]
                .iter()
                .filter(|needle| text.contains(*needle))
                .map(move |needle| format!("{path}: {needle}"))
        })
        .collect();
    assert!(reaching.is_empty(), "{reaching:#?}");
}

#[test]
fn ui_never_imports_app() {
    // The screens draw themselves with what `src/ui` shares (theme, widgets, header,
    // footer); `src/ui` knows nothing of them, so the arrows point one way.
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"),
        &mut files,
    );
    assert!(files.len() >= 3, "the files of src/ui were not found");
    let reaching: Vec<String> = files
        .iter()
        .flat_map(|(path, text)| {
            ["crate::app", "super::app"]
                .iter()
                .filter(|needle| text.contains(*needle))
                .map(move |needle| format!("{path}: {needle}"))
        })
        .collect();
    assert!(
        reaching.is_empty(),
        "src/ui must not know the screens: {reaching:#?}"
    );
}
