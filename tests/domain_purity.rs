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
