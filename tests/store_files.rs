//! What is at the store's path decides what ringup may do there: only `init` and `--demo`
//! make a store; nothing else makes one out of a missing or empty file. A read-only store is
//! said to be read-only and never made writable, though `check` reads it. A directory, a
//! FIFO or a store of another schema version is named in plain words.

mod common;

use std::path::Path;

use common::cli::Sandbox;
use ringup::store::SCHEMA_VERSION;

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Commands that read or write a store, none of which may make one.
fn commands(csv: &str) -> Vec<Vec<&str>> {
    vec![
        vec!["user", "list"],
        vec!["receive", "SCREW", "1"],
        vec!["orders"],
        vec!["report", "reorder"],
        vec!["import", "products", csv],
        vec!["demo-data", "--products", "5", "--customers", "1"],
        vec!["day", "report"],
        // The counter screen, which stops before it draws anything.
        vec![],
    ]
}

#[test]
fn only_init_and_demo_make_a_store() {
    let shop = Sandbox::new().with_db_file("typo.db");
    let csv = shop.dir.path().join("products.csv");
    std::fs::write(&csv, common::PRODUCTS).unwrap();
    for args in commands(csv.to_str().unwrap()) {
        let run = shop.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "no database at {} (create one with `ringup init` or `ringup --demo`)",
                shop.db_file().display()
            )),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!shop.db_file().exists(), "{args:?} made a store");
    }
    assert!(shop.ok(&["init"]).starts_with("created "));
    assert_eq!(shop.ok(&["user", "list"]), "");
}

#[test]
fn an_empty_file_is_not_made_a_store() {
    let shop = Sandbox::new().with_db_file("empty.db");
    std::fs::write(shop.db_file(), b"").unwrap();
    let csv = shop.dir.path().join("products.csv");
    std::fs::write(&csv, common::PRODUCTS).unwrap();
    for args in commands(csv.to_str().unwrap()) {
        let run = shop.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("is not a ringup database: the file is empty (0 bytes)"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(
            std::fs::metadata(shop.db_file()).unwrap().len(),
            0,
            "{args:?}"
        );
    }
    // Nor is another program's database given ringup's tables.
    {
        let conn = rusqlite::Connection::open(shop.db_file()).unwrap();
        conn.execute_batch("CREATE TABLE notes (text TEXT)")
            .unwrap();
    }
    let before = std::fs::read(shop.db_file()).unwrap();
    let run = shop.run(&["user", "list"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("has none of ringup's tables"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(shop.db_file()).unwrap(), before);
    // `init` makes a store of an empty file, as of no file.
    std::fs::write(shop.db_file(), b"").unwrap();
    shop.ok(&["init"]);
    assert_eq!(shop.ok(&["user", "list"]), "");
}

#[cfg(unix)]
#[test]
fn a_read_only_store_is_said_to_be_read_only_and_left_so() {
    let shop = Sandbox::new().with_db_file("ro.db");
    shop.ok(&["init"]);
    common::load_catalog(&mut shop.store());
    set_mode(shop.db_file(), 0o444);
    let before = std::fs::read(shop.db_file()).unwrap();
    for _ in 0..2 {
        for args in [
            vec!["receive", "SCREW", "1"],
            vec!["orders"],
            vec!["user", "list"],
            vec!["init"],
        ] {
            let run = shop.run(&args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains(&format!(
                    "the database {} is read-only (mode 0444",
                    shop.db_file().display()
                )),
                "{args:?}: {}",
                run.stderr
            );
            assert_eq!(mode(shop.db_file()), 0o444, "{args:?} changed the mode");
            assert_eq!(std::fs::read(shop.db_file()).unwrap(), before, "{args:?}");
        }
    }
    // A store others may read is closed up: permissions are taken, never given.
    set_mode(shop.db_file(), 0o644);
    shop.ok(&["orders"]);
    assert_eq!(mode(shop.db_file()), 0o600);
}

#[cfg(unix)]
#[test]
fn making_files_private_only_ever_takes_permissions_away() {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("f");
    std::fs::write(&file, b"x").unwrap();
    for (before, after) in [
        (0o444, 0o400),
        (0o644, 0o600),
        (0o400, 0o400),
        (0o666, 0o600),
    ] {
        set_mode(&file, before);
        ringup::private::make_private(&file).unwrap();
        assert_eq!(mode(&file), after, "{before:o}");
    }
    let sub = dir.path().join("d");
    std::fs::create_dir(&sub).unwrap();
    for (before, after) in [(0o755, 0o700), (0o555, 0o500), (0o700, 0o700)] {
        set_mode(&sub, before);
        ringup::private::make_private(&sub).unwrap();
        assert_eq!(mode(&sub), after, "{before:o}");
    }
    set_mode(&sub, 0o700);
}

/// Runs ringup as a user who owns neither the store nor its directory: `nobody`, when the
/// tests run as root (who may write anywhere), else the user running them.
#[cfg(unix)]
fn run_as_another_user(args: &[&str], config: &Path, data: &Path) -> common::cli::Run {
    let root = rustix::process::getuid().is_root();
    let mut cmd = match root {
        true => {
            let mut cmd = std::process::Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_ringup"));
            cmd
        }
        false => std::process::Command::new(env!("CARGO_BIN_EXE_ringup")),
    };
    let out = cmd
        .args(args)
        .env("RINGUP_DATA_DIR", data)
        .env("RINGUP_CONFIG", config)
        .env_remove("RINGUP_PIN")
        .output()
        .unwrap();
    common::cli::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[cfg(unix)]
#[test]
fn check_reads_a_read_only_copy_of_a_store() {
    let shop = Sandbox::new().with_db_file("shop.db");
    shop.ok(&["init"]);
    common::load_catalog(&mut shop.store());
    // A copy on "read-only media": a directory and a file the checking user cannot write.
    let world = tempfile::TempDir::new().unwrap();
    let (media, data, config) = (
        world.path().join("media"),
        world.path().join("data"),
        world.path().join("config.toml"),
    );
    std::fs::create_dir(&media).unwrap();
    std::fs::create_dir(&data).unwrap();
    let copy = media.join("backup.db");
    std::fs::copy(shop.db_file(), &copy).unwrap();
    std::fs::write(&config, common::cli::CHEAP_PINS).unwrap();
    let root = rustix::process::getuid().is_root();
    if root {
        // The data directory is the checking user's own; the log in it is not.
        std::fs::write(data.join("ringup.log"), b"").unwrap();
        set_mode(&data.join("ringup.log"), 0o600);
        std::os::unix::fs::chown(&data, Some(65534), Some(65534)).unwrap();
    }
    set_mode(&copy, 0o444);
    set_mode(&media, 0o555);
    set_mode(&config, 0o644);
    set_mode(world.path(), 0o755);
    let before = std::fs::read(&copy).unwrap();
    let run = run_as_another_user(&["check", "--db", copy.to_str().unwrap()], &config, &data);
    set_mode(&media, 0o755);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "ok: every invariant holds\n");
    assert_eq!(std::fs::read(&copy).unwrap(), before, "check wrote to it");
    assert!(!media.join("backup.db-shm").exists());
    // A copy whose -wal holds changes the file lacks would be checked without them: said.
    set_mode(&media, 0o755);
    std::fs::write(media.join("backup.db-wal"), b"changes").unwrap();
    set_mode(&media, 0o555);
    let run = run_as_another_user(&["check", "--db", copy.to_str().unwrap()], &config, &data);
    set_mode(&media, 0o755);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("holds changes not yet in the file"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_directory_or_a_fifo_named_as_the_store_is_refused_in_plain_words() {
    let shop = Sandbox::new();
    let dir = shop.data();
    let fifo = shop.dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for (path, what) in [
        (
            dir.to_str().unwrap(),
            "it is a directory, not a database file",
        ),
        (
            fifo.to_str().unwrap(),
            "it is a FIFO (named pipe), not a database file",
        ),
    ] {
        for (args, code) in [
            (vec!["orders"], 2),
            (vec!["init"], 2),
            (vec!["receive", "SCREW", "1"], 2),
            (vec!["check"], 1),
        ] {
            let mut args = args.clone();
            args.extend(["--db", path]);
            let run = shop.run(&args);
            assert_eq!(run.code, code, "{args:?}: {}", run.stderr);
            assert!(
                run.stderr
                    .contains(&format!("{path} is not a ringup database: {what}")),
                "{args:?}: {}",
                run.stderr
            );
        }
    }
}

fn set_user_version(path: &Path, version: u32) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
}

fn user_version(path: &Path) -> u32 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_store_of_another_schema_version_is_named_with_both_versions() {
    let shop = Sandbox::new().with_db_file("shop.db");
    shop.ok(&["init"]);
    // Written by a newer ringup.
    set_user_version(shop.db_file(), 99);
    for args in [vec!["orders"], vec!["check"]] {
        let run = shop.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "schema version 99, this ringup knows up to {SCHEMA_VERSION}"
            )),
            "{args:?}: {}",
            run.stderr
        );
    }
    // A store that says an older version than its tables are: its migration cannot run.
    let older = SCHEMA_VERSION - 1;
    set_user_version(shop.db_file(), older);
    let before = std::fs::read(shop.db_file()).unwrap();
    let run = shop.run(&["orders"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "says schema version {older}, but bringing it up to version {SCHEMA_VERSION} failed"
        )) && run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    assert_eq!(user_version(shop.db_file()), older);
    assert_eq!(std::fs::read(shop.db_file()).unwrap().len(), before.len());
}

#[test]
fn demo_is_honoured_by_commands() {
    let shop = Sandbox::new();
    let out = shop.ok(&["--demo", "price-check", "PLB-VALVE-075", "4"]);
    assert!(
        out.contains("PLB-VALVE-075: 4 ordered, 2 available"),
        "{out}"
    );
    assert!(shop.data().join("demo.db").exists());
    assert!(
        !shop.data().join("ringup.db").exists(),
        "the demo's, not the store's"
    );
    let out = shop.ok(&["--demo", "orders"]);
    assert_eq!(
        out,
        shop.ok(&[
            "orders",
            "--db",
            shop.data().join("demo.db").to_str().unwrap()
        ])
    );
    // `--db` names where the demo store goes.
    let elsewhere = shop.data().join("other-demo.db");
    shop.ok(&[
        "--demo",
        "user",
        "list",
        "--db",
        elsewhere.to_str().unwrap(),
    ]);
    assert!(elsewhere.exists());
}
