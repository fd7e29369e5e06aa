//! What a PIN costs to guess, and what a terminal cannot do to that cost: a config file is
//! held to a floor, a hash is only ever remade dearer, an unknown user costs a hash like a
//! wrong PIN, and a manager's PIN is not a first guess.

mod common;

use common::cli::Sandbox;
use ringup::domain::Role;
use ringup::store::Store;
use ringup::store::params;
use ringup::store::users::{PinCost, PinPolicy, SignIn, pin_hashes_computed};

fn policy(memory_kib: u32, iterations: u32) -> PinPolicy {
    PinPolicy {
        cost: PinCost {
            memory_kib,
            iterations,
        },
        ..PinPolicy::default()
    }
}

fn hash_of(store: &Store, name: &str) -> String {
    store
        .conn()
        .query_row(
            "SELECT pin_hash FROM users WHERE name = ?1",
            params![name],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_sign_in_never_remakes_a_hash_at_a_lower_cost() {
    let mut store = common::empty_store();
    store.set_pin_policy(policy(64, 3));
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    assert!(hash_of(&store, "morgan").contains("$m=64,t=3,p=1$"));
    // A terminal configured cheaper signs in and leaves the hash as dear as it was.
    store.set_pin_policy(policy(8, 1));
    for sign_in in [Store::sign_in, Store::sign_in_command] {
        assert!(matches!(
            sign_in(&mut store, "morgan", "246810").unwrap(),
            SignIn::Ok(_)
        ));
        assert!(
            hash_of(&store, "morgan").contains("$m=64,t=3,p=1$"),
            "{}",
            hash_of(&store, "morgan")
        );
    }
    // Dearer in one way and cheaper in the other: remade at the dearer of each.
    store.set_pin_policy(policy(128, 1));
    store.sign_in("morgan", "246810").unwrap();
    assert!(
        hash_of(&store, "morgan").contains("$m=128,t=3,p=1$"),
        "{}",
        hash_of(&store, "morgan")
    );
    // Dearer in both: remade upward, as ever.
    store.set_pin_policy(policy(256, 4));
    store.sign_in("morgan", "246810").unwrap();
    assert!(hash_of(&store, "morgan").contains("$m=256,t=4,p=1$"));
}

#[test]
fn a_new_pin_costs_no_less_than_the_hash_it_replaces() {
    let mut store = common::empty_store();
    store.set_pin_policy(policy(64, 3));
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    store.add_user("casey", Role::Clerk, "1357").unwrap();
    store.set_pin_policy(policy(8, 1));
    store.set_pin("morgan", "135790", "morgan").unwrap();
    assert!(
        hash_of(&store, "morgan").contains("$m=64,t=3,p=1$"),
        "{}",
        hash_of(&store, "morgan")
    );
    // A clerk made a manager gives a new PIN: no cheaper than the old one either.
    store
        .set_role("casey", Role::Manager, Some("864213"), "morgan")
        .unwrap();
    assert!(hash_of(&store, "casey").contains("$m=64,t=3,p=1$"));
    // A new user has no hash to keep: the terminal's cost.
    store.add_user("pat", Role::Clerk, "4321").unwrap();
    assert!(hash_of(&store, "pat").contains("$m=8,t=1,p=1$"));
}

#[test]
fn an_unknown_user_costs_a_hash_as_a_wrong_pin_does() {
    let mut store = common::empty_store();
    store.set_pin_policy(common::cheap_pins());
    store.add_user("morgan", Role::Manager, "246810").unwrap();
    store.add_user("casey", Role::Clerk, "1357").unwrap();
    store.set_disabled("casey", true, "morgan").unwrap();
    let mut hashes = |f: &mut dyn FnMut(&mut Store)| {
        let before = pin_hashes_computed();
        f(&mut store);
        pin_hashes_computed() - before
    };
    let wrong_pin = hashes(&mut |s| {
        assert_eq!(
            s.sign_in_command("morgan", "000000").unwrap(),
            SignIn::WrongPin { attempts_left: 0 }
        );
    });
    assert_eq!(wrong_pin, 1);
    let no_such_user = hashes(&mut |s| {
        assert_eq!(
            s.sign_in_command("nosuch", "000000").unwrap(),
            SignIn::UnknownUser
        );
    });
    assert_eq!(
        no_such_user, wrong_pin,
        "an unknown name is checked as a PIN is"
    );
    let at_the_counter = hashes(&mut |s| {
        assert_eq!(s.sign_in("nosuch", "000000").unwrap(), SignIn::UnknownUser);
    });
    assert_eq!(at_the_counter, wrong_pin);
    let disabled = hashes(&mut |s| {
        assert_eq!(s.sign_in("casey", "1357").unwrap(), SignIn::Disabled);
    });
    assert_eq!(disabled, wrong_pin);
    // A manager's approval typed at a counter: the same.
    let approval_wrong =
        hashes(&mut |s| assert!(s.verify_pin("morgan", "000000").unwrap().is_none()));
    let approval_unknown =
        hashes(&mut |s| assert!(s.verify_pin("nosuch", "000000").unwrap().is_none()));
    assert_eq!(approval_wrong, 1);
    assert_eq!(approval_unknown, approval_wrong);
}

#[test]
fn a_config_below_the_pin_cost_floor_is_refused_naming_the_key() {
    for (security, key, value) in [
        (
            "[security]\npin_memory_kib = 8\n",
            "security.pin_memory_kib",
            "8",
        ),
        (
            "[security]\npin_iterations = 1\n",
            "security.pin_iterations",
            "1",
        ),
        (
            "[security]\npin_memory_kib = 19455\npin_iterations = 2\n",
            "security.pin_memory_kib",
            "19455",
        ),
    ] {
        let shop = Sandbox::with_config(security).with_db_file("shop.db");
        let run = shop.run(&["init"]);
        assert_eq!(run.code, 2, "{security}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("`{key}` = {value}:")),
            "{security}: {}",
            run.stderr
        );
        assert!(!shop.db_file().exists(), "nothing written");
    }
    // The floor itself is taken.
    let shop = Sandbox::with_config("[security]\npin_memory_kib = 19456\npin_iterations = 2\n")
        .with_db_file("shop.db");
    shop.ok(&["init"]);
}

#[test]
fn a_guessable_manager_pin_is_refused_when_set() {
    let shop = Sandbox::new().with_db_file("shop.db");
    shop.ok(&["init"]);
    for pin in ["123456", "111111", "654321", "000000", "121212", "12345678"] {
        let run = shop.run_input(&["user", "add", "boss", "--role", "manager"], &[], pin);
        assert_eq!(run.code, 2, "{pin}: {}", run.stderr);
        assert!(
            run.stderr.contains("PIN = '(hidden)'")
                && run.stderr.contains("a manager's PIN must not be"),
            "{pin}: {}",
            run.stderr
        );
        assert_eq!(shop.ok(&["user", "list"]), "", "nothing written");
    }
    let run = shop.run_input(
        &["user", "add", "morgan", "--role", "manager"],
        &[],
        "246810",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Changing a PIN is held to the same rule.
    let run = shop.run_input(
        &["user", "pin", "morgan", "--user", "morgan"],
        &[("RINGUP_PIN", "246810")],
        "123456\n",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("a manager's PIN must not be"),
        "{}",
        run.stderr
    );
    assert!(
        shop.store()
            .verify_pin("morgan", "246810")
            .unwrap()
            .is_some(),
        "the old PIN still signs in"
    );
}

#[cfg(unix)]
#[test]
fn a_config_that_others_may_read_must_not_hold_the_database_password() {
    use std::os::unix::fs::PermissionsExt;
    let url = "postgres://ringup:secret@127.0.0.1:1/ringup";
    let shop = Sandbox::with_config(&format!("[database]\nurl = \"{url}\"\n"));
    std::fs::set_permissions(shop.config(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = shop.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&shop.config().display().to_string())
            && run.stderr.contains("0644")
            && run.stderr.contains("chmod 600"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("secret"), "{}", run.stderr);
    // Private, it is read (and the server, which is not there, is tried).
    std::fs::set_permissions(shop.config(), std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = shop.run(&["check"]);
    assert!(!run.stderr.contains("chmod 600"), "{}", run.stderr);
}
