//! One policy, two front ends: a table of operations × role × figures below, at and above
//! every threshold, each run on the command line and through the screen's own flow (real
//! keys), gives the same decision in both: done, refused, or waiting for a manager's
//! approval. Nothing is written unless it was done.

mod common;

use common::cli::Sandbox;
use common::till::{CLERK_PIN, MANAGER_PIN, Till, add_users, till_over};
use ringup::domain::sale::{Payment, TenderKind};
use ringup::store::stock::MovementKind;
use ringup::store::{Store, params};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Done,
    Refused,
    NeedsApproval,
}

use Seen::{Done, NeedsApproval, Refused};

#[derive(Debug, Clone, Copy)]
enum Op {
    /// Units of SCREW back against invoice 1 (4 SCREW at 5.00, paid by card), refunded
    /// by card (true) or in cash.
    Return { units: u32, by_card: bool },
    /// Units of SCREW back without an invoice, in cash.
    ReturnNoInvoice { units: u32 },
    /// Stock released to order 3 (TAPE), ahead of order 2 or not.
    Release { jump: bool },
    /// Order 2's due date.
    DueDate,
    /// Order 1 (Pat Walker, limit 50.00, 20 SCREW held back) picked up: this much on
    /// account, the rest in cash.
    Pickup { on_account: &'static str },
    /// One SCREW at this percent off (Ctrl-L, `--price`).
    PriceCut { pct: u32 },
    /// Stock received: a manager's work.
    Receive,
}

/// What every case starts from (beside morgan and casey, no tax, and returns above 10.00
/// asking a manager): invoice 1 (4 SCREW paid by card); order 1 for Pat Walker (a 50.00
/// limit; 20 SCREW held back, 100.00 due at pickup); orders 2 and 3 for 2 TAPE each, and 2
/// TAPE in since.
fn fill(store: &mut Store) {
    let c = common::config();
    common::ring_paid(
        store,
        &c,
        None,
        &[("SCREW", 4, 0)],
        Payment::WhenReceived,
        TenderKind::Card,
    );
    common::ring(
        store,
        &c,
        Some("C2"),
        &[("SCREW", 20, 20)],
        Payment::WhenReceived,
    );
    for account in ["C1", "C3"] {
        common::ring(
            store,
            &c,
            Some(account),
            &[("TAPE", 2, 0)],
            Payment::WhenReceived,
        );
    }
    store
        .receive(
            "TAPE",
            2,
            "MAIN",
            MovementKind::Receipt,
            "delivery",
            "morgan",
        )
        .unwrap();
}

const CONFIG: &str =
    "[tax.rates]\nstandard = \"0\"\nexempt = \"0\"\n[returns]\napproval_above = \"10.00\"\n";

fn written(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", params![], |r| r.get(0))
        .unwrap()
}

fn on_the_command_line(op: Op, user: &str) -> Seen {
    let shop = Sandbox::with_config(CONFIG).with_db("shop.db");
    let mut store = shop.store();
    common::load_catalog(&mut store);
    add_users(&mut store);
    fill(&mut store);
    let before = written(&store);
    drop(store);
    let pin = if user == "morgan" {
        MANAGER_PIN
    } else {
        CLERK_PIN
    };
    let units;
    let pct;
    let args: Vec<&str> = match op {
        Op::Return { units: u, by_card } => {
            units = format!("SCREW:{u}");
            let way = if by_card { "card" } else { "cash" };
            vec!["return", "1", &units, "--refund", way]
        }
        Op::ReturnNoInvoice { units: u } => {
            units = format!("SCREW:{u}");
            vec!["return", "none", &units]
        }
        Op::Release { jump: true } => vec!["order", "release", "3", "--jump-queue"],
        Op::Release { jump: false } => vec!["order", "release", "2"],
        Op::DueDate => {
            units = common::cli::in_days(7);
            vec!["order", "due", "2", &units]
        }
        Op::Pickup { on_account } => vec!["order", "convert", "1", "--account", on_account],
        Op::PriceCut { pct: p } => {
            pct = format!("SCREW={p}%");
            let mut sale = vec![
                "sale", "--item", "SCREW", "--price", &pct, "--reason", "why",
            ];
            // Given away, nothing is due: no tender.
            if p < 100 {
                sale.extend(["--tender", "cash"]);
            }
            sale
        }
        Op::Receive => vec!["receive", "TAPE", "1"],
    };
    let mut all = args.clone();
    if let Op::Pickup { on_account } = op
        && on_account != "100.00"
    {
        all.extend(["--cash", "50.00"]);
    }
    let run = shop.run_as(user, pin, &all);
    let seen = match run.code {
        0 => Done,
        2 if run.stderr.contains("a manager approves with --approved-by") => NeedsApproval,
        2 => Refused,
        _ => panic!("{all:?} as {user}: {}", run.stderr),
    };
    if seen != Done {
        assert_eq!(written(&shop.store()), before, "{all:?} as {user} wrote");
    }
    seen
}

fn through_the_screen(op: Op, user: &str) -> Seen {
    let mut store = common::store();
    // till_over adds the users: fill after it, through the till's store.
    store.set_clock(common::clock());
    let mut t = till_over(store, user, tempfile::TempDir::new().unwrap(), |c| {
        c.returns.approval_above = rust_decimal::Decimal::TEN;
    });
    fill(&mut t.counter_mut().store);
    let before = written(t.store());
    let invoices = |t: &Till| -> i64 {
        t.store()
            .conn()
            .query_row("SELECT count(*) FROM invoices", params![], |r| r.get(0))
            .unwrap()
    };
    let invoices_before = invoices(&t);
    match op {
        Op::Return { units, by_card } => {
            t.ctrl('t');
            t.typed("1");
            t.enter();
            t.typed(if by_card { "k" } else { "c" });
            t.typed(&units.to_string());
            t.f(10);
            t.typed("y");
        }
        Op::ReturnNoInvoice { units } => {
            t.ctrl('t');
            t.enter();
            t.ring(&format!("{units}*SCREW"));
            t.f(10);
            t.typed("y");
        }
        Op::Release { jump } => {
            open_order(&mut t, if jump { 3 } else { 2 });
            t.typed("r");
            if jump {
                t.typed("y");
            }
        }
        Op::DueDate => {
            open_order(&mut t, 2);
            t.typed("d");
            t.typed(&common::in_days(7));
            t.enter();
        }
        Op::Pickup { on_account } => {
            t.typed("ORD-000001");
            t.enter();
            t.typed("i");
            t.typed("a");
            t.typed(on_account);
            t.enter();
            if on_account != "100.00" {
                t.typed("c");
                t.enter();
            }
        }
        Op::PriceCut { pct } => {
            t.ring("SCREW");
            t.ctrl('l');
            t.typed(&format!("{pct}%"));
            t.enter();
            t.typed("why");
            t.enter();
            if t.top_title() != "approval" {
                t.f(10);
                t.enter();
            }
        }
        Op::Receive => {
            t.f(8);
            t.typed("r");
            if t.top_title() == "form: Receive stock" {
                t.typed("TAPE");
                t.enter();
                t.typed("1");
                t.enter();
                t.enter();
                t.enter();
            }
        }
    }
    let seen = if t.top_title() == "approval" {
        NeedsApproval
    } else if t.status_is_error() {
        Refused
    } else {
        Done
    };
    if seen == Done && !matches!(op, Op::Release { jump: false }) {
        assert!(
            written(t.store()) > before || invoices(&t) > invoices_before,
            "{op:?} as {user}: nothing written: {}",
            t.status()
        );
    }
    if seen != Done {
        assert_eq!(written(t.store()), before, "{op:?} as {user} wrote");
    }
    seen
}

/// The order's code scanned at the sale: its screen opens.
fn open_order(t: &mut Till, number: i64) {
    t.typed(&format!("ORD-{number:06}"));
    t.enter();
    assert_eq!(t.top_title(), format!("order {number}"), "{}", t.status());
}

#[test]
fn the_command_line_and_the_screen_decide_alike() {
    let mut cases: Vec<(Op, &str, Seen)> = Vec::new();
    let both = |cases: &mut Vec<(Op, &str, Seen)>, op: Op, clerk: Seen| {
        cases.push((op, "casey", clerk));
        cases.push((op, "morgan", Done));
    };
    // The refund against the limit (10.00 = 2 SCREW), back by card as paid, or in cash.
    for (units, within) in [(1, true), (2, true), (3, false), (4, false)] {
        let by_card = if within { Done } else { NeedsApproval };
        both(
            &mut cases,
            Op::Return {
                units,
                by_card: true,
            },
            by_card,
        );
        both(
            &mut cases,
            Op::Return {
                units,
                by_card: false,
            },
            NeedsApproval,
        );
    }
    for units in [1, 3] {
        both(&mut cases, Op::ReturnNoInvoice { units }, NeedsApproval);
    }
    both(&mut cases, Op::Release { jump: false }, Done);
    both(&mut cases, Op::Release { jump: true }, NeedsApproval);
    both(&mut cases, Op::DueDate, NeedsApproval);
    both(
        &mut cases,
        Op::Pickup {
            on_account: "50.00",
        },
        Done,
    );
    both(
        &mut cases,
        Op::Pickup {
            on_account: "100.00",
        },
        NeedsApproval,
    );
    for (pct, within) in [(5, true), (10, true), (11, false), (100, false)] {
        let clerk = if within { Done } else { NeedsApproval };
        both(&mut cases, Op::PriceCut { pct }, clerk);
    }
    both(&mut cases, Op::Receive, Refused);
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut differ = Vec::new();
    for (op, user, expected) in cases {
        let cli = on_the_command_line(op, user);
        let screen = through_the_screen(op, user);
        if (cli, screen) != (expected, expected) {
            differ.push(format!(
                "{op:?} as {user}: expected {expected:?}, command line {cli:?}, screen {screen:?}"
            ));
        }
    }
    assert!(differ.is_empty(), "{differ:#?}");
}

#[test]
fn the_configured_limit_reaches_both_front_ends() {
    assert_eq!(
        on_the_command_line(
            Op::Return {
                units: 2,
                by_card: true
            },
            "casey"
        ),
        Done
    );
    assert_eq!(
        through_the_screen(
            Op::Return {
                units: 3,
                by_card: true
            },
            "casey"
        ),
        NeedsApproval
    );
}
