//! The sale in progress put aside and taken back, through the app with real keys: a void
//! (Enter alone keeps the sale, y voids it), a park and a recall (also on another terminal
//! and after a restart), and a quote printed, recalled into a sale and tendered. Every flow
//! ends with the invariants of `check`.

mod common;

use common::screen::render;
use common::till::{Till, context, till, till_over};
use common::{config, load_catalog};
use ringup::app::{App, Counter, Keymap};
use ringup::domain::{Role, User};
use ringup::store::{Store, Synchronous, Target, params};
use tempfile::TempDir;

/// (sku, ordered, delivered, held back, backordered) of each line on screen.
fn quantities(t: &Till) -> Vec<(String, i64, i64, i64, i64)> {
    t.lines()
        .iter()
        .map(|l| {
            (
                l.sku.clone(),
                l.ordered,
                l.delivered,
                l.held_back,
                l.backordered,
            )
        })
        .collect()
}

fn parked_count(t: &Till) -> i64 {
    t.count("SELECT count(*) FROM parked_sales")
}

/// A store that outlives its connection: a file, or a schema on the PostgreSQL test server.
fn lasting_target(dir: &TempDir) -> Target {
    match common::postgres() {
        Some(admin) => Target::Postgres(common::fresh_postgres(&admin)),
        None => Target::File(dir.path().join("shop.db")),
    }
}

fn open(target: &Target) -> Store {
    Store::open_target(target, Synchronous::Full).unwrap()
}

/// A counter on a store already set up (users and catalog), signed in as `name`: another
/// terminal, or the same one after a restart.
fn terminal(store: Store, name: &str) -> Till {
    let dir = TempDir::new().unwrap();
    let user = store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.name == name)
        .unwrap_or(User {
            id: 0,
            name: name.into(),
            role: Role::Clerk,
        });
    let mut config = config();
    config.data_dir = dir.path().to_path_buf();
    let counter = Counter::new(store, config, user);
    let app = App::new(context(), Keymap::defaults(), counter, None);
    Till { app, dir }
}

/// C1 with 4 SCREW (1 held back) and 3 TAPE (none in stock: backordered).
fn ring_for_c1(t: &mut Till) {
    t.bill_to("Dunmore");
    t.ring("4*SCREW");
    t.f(4);
    t.answer("1");
    t.ring("3*TAPE");
    assert_eq!(
        quantities(t),
        vec![("SCREW".into(), 4, 3, 1, 0), ("TAPE".into(), 3, 0, 0, 3)],
        "{}",
        t.status()
    );
}

/// Ctrl-R, then Enter on the first listed.
fn recall_first(t: &mut Till) {
    t.ctrl('r');
    assert_eq!(t.top_title(), "parked", "{}", t.status());
    t.enter();
    t.assert_on_sale_screen();
}

#[test]
fn void_asks_first_enter_keeps_the_sale_and_y_voids_it() {
    let mut t = till();
    t.ring("2*SCREW");
    t.ring("VALVE");
    t.ctrl('x');
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(t.lines().len(), 2, "Enter alone is no");
    assert!(t.status().contains("Not voided"), "{}", t.status());
    t.ctrl('x');
    t.typed("n");
    assert_eq!(t.lines().len(), 2, "n is no");
    t.ctrl('x');
    t.typed("y");
    t.assert_on_sale_screen();
    assert!(t.lines().is_empty());
    assert!(
        t.status().contains("Sale voided: 2 line(s), 20.00"),
        "{}",
        t.status()
    );
    let audit = t.audit();
    let void = audit.iter().find(|a| a.action == "void_sale").unwrap();
    assert_eq!((void.user.as_str(), void.qty), ("morgan", Some(2)));
    assert!(
        void.detail.contains("2 line(s), 20.00 due, cash sale"),
        "{}",
        void.detail
    );
    // Nothing else is written: no invoice, no movement of a sale, nothing parked.
    assert_eq!(t.invoice_count(), 0);
    assert_eq!(parked_count(&t), 0);
    assert_eq!(
        t.count("SELECT count(*) FROM stock_movements WHERE kind = 'sale'"),
        0
    );
    assert_eq!(t.stock("SCREW"), (100, 0));
    // Nothing on screen: nothing to void, nothing asked.
    t.ctrl('x');
    t.assert_on_sale_screen();
    assert!(t.status().contains("No sale to void"), "{}", t.status());
    t.assert_invariants();
}

#[test]
fn park_clears_the_screen_and_recall_brings_the_sale_back() {
    let mut t = till();
    ring_for_c1(&mut t);
    t.ctrl('k');
    t.assert_on_sale_screen();
    assert!(
        t.lines().is_empty(),
        "the screen is clear for the next customer"
    );
    assert!(t.counter().sale.customer.is_none());
    assert!(t.status().contains("Sale parked"), "{}", t.status());
    assert_eq!(parked_count(&t), 1);
    t.assert_invariants();

    // Someone else is served in between.
    t.ring("VALVE");
    t.f(10);
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(t.invoice_count(), 1);

    recall_first(&mut t);
    assert_eq!(
        quantities(&t),
        vec![("SCREW".into(), 4, 3, 1, 0), ("TAPE".into(), 3, 0, 0, 3)]
    );
    assert_eq!(t.counter().sale.customer.as_ref().unwrap().account, "C1");
    assert!(t.status().contains("none changed"), "{}", t.status());
    assert_eq!(parked_count(&t), 0, "a recalled sale leaves the list");
    assert!(
        t.audit_actions()
            .iter()
            .any(|(u, a)| u == "morgan" && a == "recall_sale")
    );

    // The recalled sale is a sale like any other: it becomes an order and is paid.
    t.f(10);
    assert_eq!(t.top_title(), "Backorders Found", "{}", t.status());
    t.typed("c");
    t.typed("r");
    assert_eq!(t.top_title(), "tender");
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(t.invoice_count(), 2);
    assert_eq!(t.stock("SCREW"), (97, 1));
    t.assert_invariants();

    // Nothing left to recall.
    t.ctrl('r');
    t.assert_on_sale_screen();
    assert!(t.status().contains("Nothing is parked"), "{}", t.status());
}

#[test]
fn recall_is_refused_while_a_sale_is_on_screen() {
    let mut t = till();
    t.ring("SCREW");
    t.ctrl('k');
    t.ring("VALVE");
    t.ctrl('r');
    t.assert_on_sale_screen();
    assert!(t.status().contains("A sale is on screen"), "{}", t.status());
    assert_eq!(quantities(&t), vec![("VALVE".into(), 1, 1, 0, 0)]);
    assert_eq!(parked_count(&t), 1);
    t.assert_invariants();
}

#[test]
fn a_parked_sale_survives_a_restart_and_shows_on_another_terminal() {
    let dir = TempDir::new().unwrap();
    let target = lasting_target(&dir);
    let mut store = open(&target);
    load_catalog(&mut store);
    let mut first = till_over(store, "casey", TempDir::new().unwrap(), |_| {});
    ring_for_c1(&mut first);
    first.ctrl('k');
    assert_eq!(parked_count(&first), 1);
    drop(first);

    // Two terminals after the restart: both list it, only one can recall it.
    let mut a = terminal(open(&target), "casey");
    let mut b = terminal(open(&target), "morgan");
    a.ctrl('r');
    assert_eq!(a.top_title(), "parked");
    recall_first(&mut b);
    assert_eq!(quantities(&b).len(), 2);
    a.enter();
    assert_eq!(a.top_title(), "parked", "the list stays, read again");
    assert!(a.status_is_error());
    assert!(a.status().contains("no longer parked"), "{}", a.status());
    assert!(a.lines().is_empty());
    a.esc();
    a.assert_on_sale_screen();
    assert_eq!(parked_count(&b), 0);
    b.assert_invariants();
}

#[test]
fn a_quote_is_printed_recalled_into_a_sale_and_tendered_and_stays_listed() {
    let mut t = till();
    t.bill_to("Dunmore");
    t.ring("3*SCREW");
    t.ctrl('e');
    t.assert_on_sale_screen();
    assert!(t.lines().is_empty());
    assert!(t.status().contains("Quote 1 printed"), "{}", t.status());
    let printed = std::fs::read_to_string(t.dir.path().join("receipts/quote-000001.txt")).unwrap();
    assert!(printed.contains("QUOTE 1"), "{printed}");
    assert!(printed.contains("For: C1 Dunmore Plumbing"), "{printed}");
    assert!(printed.contains("SCREW Wood screw #8 box"), "{printed}");
    assert!(printed.contains("3 @ 5.00"), "{printed}");
    assert!(printed.contains("15.00"), "{printed}");
    assert_eq!(t.invoice_count(), 0, "a quote sells nothing");
    t.assert_invariants();

    recall_first(&mut t);
    assert_eq!(quantities(&t), vec![("SCREW".into(), 3, 3, 0, 0)]);
    assert!(
        t.status().contains("the quote stays listed"),
        "{}",
        t.status()
    );
    t.f(10);
    assert_eq!(t.top_title(), "tender");
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(t.invoice_count(), 1);
    assert_eq!(t.stock("SCREW"), (97, 0));
    assert_eq!(
        t.count("SELECT count(*) FROM parked_sales WHERE kind = 'quote'"),
        1
    );

    // The next quote takes the next number.
    t.ring("VALVE");
    t.ctrl('e');
    assert!(t.status().contains("Quote 2 printed"), "{}", t.status());
    assert!(t.dir.path().join("receipts/quote-000002.txt").exists());
    t.assert_invariants();
}

#[test]
fn recall_reads_prices_again_and_says_which_changed() {
    let mut t = till();
    t.ring("2*SCREW");
    t.ctrl('k');
    t.store()
        .conn()
        .execute(
            "UPDATE products SET price = ?1 WHERE sku = ?2",
            params!["6.00", "SCREW"],
        )
        .unwrap();
    recall_first(&mut t);
    assert!(
        t.status().contains("prices changed: SCREW 5.00 now 6.00"),
        "{}",
        t.status()
    );
    assert_eq!(t.lines()[0].extension, "12.00");
    t.assert_invariants();
}

#[test]
fn the_recall_list_at_80x24() {
    let mut t = till();
    t.ring("SCREW");
    t.ctrl('k');
    ring_for_c1(&mut t);
    t.ctrl('e');
    // Fixed times, newest last parked first.
    t.store()
        .conn()
        .execute_batch(
            "UPDATE parked_sales SET at = '2026-12-01T09:30:00.000Z' WHERE kind = 'parked';
             UPDATE parked_sales SET at = '2026-12-01T10:15:00.000Z' WHERE kind = 'quote';",
        )
        .unwrap();
    t.ctrl('r');
    assert_eq!(t.top_title(), "parked");
    insta::assert_snapshot!("recall_list_80x24", render(&t.app, 80, 24));
}

#[test]
fn ringup_parked_lists_them_and_quote_show_prints_one() {
    use common::cli::{Sandbox, s};
    use ringup::domain::parked::ParkKind;
    let shop =
        Sandbox::with_config("[tax.rates]\nstandard = \"0\"\nreduced = \"0\"\nexempt = \"0\"\n")
            .with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    common::park(&mut store, ParkKind::Quote, Some("C1"), &[("SCREW", 3, 1)]);
    common::park(&mut store, ParkKind::Parked, None, &[("SCREW", 3, 0)]);
    drop(store);

    let listed = shop.json(&["parked", "--format", "json"]);
    let all = listed.as_array().unwrap();
    assert_eq!(all.len(), 2);
    // Newest first: the parked sale came after the quote.
    assert_eq!(s(&all[0], "kind"), "parked");
    assert_eq!(s(&all[1], "kind"), "quote");
    assert_eq!(all[1]["number"], 1);
    assert_eq!(s(&all[1], "account"), "C1");
    assert_eq!(s(&all[1], "total"), "15.00");
    assert_eq!(all[1]["lines"][0]["sku"], "SCREW");
    assert_eq!(all[1]["lines"][0]["held_back"], 1);
    let table = shop.ok(&["parked"]);
    assert!(table.starts_with("Kind"), "{table}");
    assert!(table.contains("Dunmore Plumbing"), "{table}");
    let csv = shop.ok(&["parked", "--format", "csv"]);
    assert!(
        csv.starts_with("kind,number,parked_at,user,customer,name,lines,total\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3, "{csv}");

    let shown = shop.ok(&["quote", "show", "1"]);
    assert!(shown.contains("QUOTE 1"), "{shown}");
    assert!(shown.contains("3 @ 5.00"), "{shown}");
    assert_eq!(
        s(
            &shop.json(&["quote", "show", "1", "--format", "json"]),
            "customer"
        ),
        "Dunmore Plumbing"
    );
    let run = shop.run(&["quote", "show", "2"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "ringup: quote 2: no such quote\n")
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn an_override_is_not_kept_when_parked_and_the_line_comes_back_backordered() {
    let mut t = till_over(common::store(), "casey", TempDir::new().unwrap(), |_| {});
    t.ring("4*VALVE");
    t.f(6);
    t.typed("i");
    t.approve("morgan", common::till::MANAGER_PIN);
    assert_eq!(quantities(&t), vec![("VALVE".into(), 4, 4, 0, 0)]);
    t.ctrl('k');
    assert!(
        t.status().contains("overrides are not kept"),
        "{}",
        t.status()
    );
    recall_first(&mut t);
    assert_eq!(quantities(&t), vec![("VALVE".into(), 4, 2, 0, 2)]);
    // Voided: the approval given before parking writes nothing either.
    t.ctrl('x');
    t.typed("y");
    assert!(t.lines().is_empty());
    assert!(
        !t.audit_actions()
            .iter()
            .any(|(_, a)| a.starts_with("override")),
        "{:?}",
        t.audit_actions()
    );
    t.assert_invariants();
}

#[test]
fn price_changes_are_kept_when_parked_and_apply_to_todays_prices_on_recall() {
    let mut t = till_over(common::store(), "casey", TempDir::new().unwrap(), |_| {});
    // 2 SCREW at a price set by hand, 1 TAPE 20% off (a manager approves), 5% off the sale.
    t.ring("2*SCREW");
    t.ctrl('l');
    t.typed("4.50");
    t.enter();
    t.typed("price match");
    t.enter();
    t.ring("VALVE");
    t.ctrl('l');
    t.typed("20%");
    t.enter();
    t.typed("damaged box");
    t.enter();
    t.approve("morgan", common::till::MANAGER_PIN);
    t.ctrl('g');
    t.typed("5");
    t.enter();
    t.typed("trade day");
    t.enter();
    // With the line's 20% the valve is cut beyond the limit: a manager again.
    t.approve("morgan", common::till::MANAGER_PIN);
    t.assert_on_sale_screen();
    let before = t.app.sale().totals.total.clone();
    let marks: Vec<_> = t.lines().iter().map(|l| l.price_mark).collect();
    t.ctrl('k');
    assert!(
        !t.status().contains("not kept"),
        "price changes are kept: {}",
        t.status()
    );
    // The catalog price of the valve moves: 20% and 5% off apply to today's price; the
    // price set by hand stays.
    t.store()
        .conn()
        .execute(
            "UPDATE products SET price = ?1 WHERE sku = ?2",
            params!["20.00", "VALVE"],
        )
        .unwrap();
    recall_first(&mut t);
    let lines = t.lines();
    assert_eq!(
        lines.iter().map(|l| l.price_mark).collect::<Vec<_>>(),
        marks
    );
    assert_eq!(lines[0].unit_price, "4.28", "4.50 less 5%");
    assert_eq!(lines[1].unit_price, "15.20", "20.00 less 20%, less 5%");
    assert!(
        t.status().contains("prices changed: VALVE"),
        "{}",
        t.status()
    );
    assert_ne!(t.app.sale().totals.total, before);
    // Paid: an approval is for the sale it was given on, so the recalled sale's cuts, at
    // today's prices, are asked again as it is written.
    t.f(10);
    t.enter();
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    t.approve("morgan", common::till::MANAGER_PIN);
    t.assert_on_sale_screen();
    // The audit names each change with its reason and the manager who approved it.
    let rows: Vec<(String, Option<String>, String)> = t
        .store()
        .conn()
        .query_map(
            "SELECT action, approved_by, detail FROM audit_log
             WHERE action IN ('price_override', 'discount') ORDER BY id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(
        rows.iter().any(|(a, by, d)| a == "discount"
            && by.as_deref() == Some("morgan")
            && d.contains("damaged box")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|(a, _, d)| a == "price_override" && d.contains("price match")),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|(_, _, d)| d.contains("trade day")),
        "{rows:?}"
    );
    t.assert_invariants();
}
