//! One policy for authority and money, asked on the final figures and enforced where it is
//! written: each hole found at the counter and on the command line, shut through both.

mod common;

use common::cli::Sandbox;
use common::till::{CLERK_PIN, MANAGER_PIN, Till, add_users, till_over};
use common::{load_catalog, money, store};
use ringup::domain::Role;
use ringup::domain::policy::Approve;
use ringup::domain::pricing::adjust::{Adjustment, PriceChange};
use ringup::domain::sale::{Override, Payment, TenderKind};
use ringup::store::policy::Approval;
use ringup::store::sales::CommitError;
use ringup::store::stock::MovementKind;
use ringup::store::{Store, StoreError, params};

fn count(store: &Store, sql: &str) -> i64 {
    store
        .conn()
        .query_row(sql, params![], |r| r.get(0))
        .unwrap()
}

/// A shop on the command line with morgan (manager) and casey (clerk), the test catalog and
/// no tax.
fn shop() -> Sandbox {
    let shop =
        Sandbox::with_config("[tax.rates]\nstandard = \"0\"\nexempt = \"0\"\n").with_db("shop.db");
    let mut store = shop.store();
    load_catalog(&mut store);
    add_users(&mut store);
    drop(store);
    shop
}

fn as_casey(shop: &Sandbox, args: &[&str]) -> common::cli::Run {
    shop.run_as("casey", CLERK_PIN, args)
}

/// As casey, with morgan approving: `--approved-by morgan`, the PIN in the environment.
fn approved(shop: &Sandbox, args: &[&str]) -> common::cli::Run {
    let mut all = args.to_vec();
    all.extend(["--user", "casey", "--approved-by", "morgan"]);
    shop.run_env(
        &all,
        &[
            ("RINGUP_PIN", CLERK_PIN),
            ("RINGUP_APPROVER_PIN", MANAGER_PIN),
        ],
    )
}

fn clerk_till() -> Till {
    till_over(store(), "casey", tempfile::TempDir::new().unwrap(), |_| {})
}

// Hole 1: a return without an invoice refunded any amount after one approval given before
// the goods were scanned.

#[test]
fn a_no_invoice_return_asks_about_a_huge_quantity_and_a_manager_approves_the_final_refund() {
    let mut t = clerk_till();
    t.ctrl('t');
    // Enter on the empty box: the goods are rung first; nobody is asked for yet.
    t.enter();
    assert_eq!(t.top_title(), "return without invoice", "{}", t.status());
    t.typed("999999*SCREW");
    t.enter();
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    // Enter is no: nothing rung, the entry kept to correct.
    t.enter();
    assert_eq!(t.top_title(), "return without invoice");
    t.answer("2*SCREW");
    t.f(10);
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.typed("y");
    // At the moment of writing, the policy asks a manager for this refund: 10.00.
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    assert!(
        t.status()
            .contains("a return without an invoice (refund 10.00) needs a manager"),
        "{}",
        t.status()
    );
    assert_eq!(count(t.store(), "SELECT count(*) FROM invoices"), 0);
    // A clerk's own PIN approves nothing.
    t.approve("casey", CLERK_PIN);
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    assert!(
        t.status().contains("casey is not a manager"),
        "{}",
        t.status()
    );
    // Esc clears the name left in the box; Esc again leaves it.
    t.esc();
    t.esc();
    assert_eq!(t.top_title(), "return without invoice");
    assert_eq!(count(t.store(), "SELECT count(*) FROM invoices"), 0);
    t.f(10);
    t.typed("y");
    t.approve("morgan", MANAGER_PIN);
    assert!(
        t.status()
            .starts_with("Return 1 done (no invoice, approved by morgan): 10.00 back by cash"),
        "{}",
        t.status()
    );
    assert_eq!(
        count(
            t.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'return' AND user_name = 'casey'
               AND approved_by = 'morgan'"
        ),
        1
    );
    assert!(t.store().check().unwrap().is_empty());
}

#[test]
fn on_the_command_line_a_no_invoice_return_needs_an_approving_manager() {
    let shop = shop();
    let run = as_casey(&shop, &["return", "none", "SCREW:999999"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a return without an invoice (refund 4999995.00) needs a manager"),
        "{}",
        run.stderr
    );
    assert_eq!(count(&shop.store(), "SELECT count(*) FROM invoices"), 0);
    let run = approved(&shop, &["return", "none", "SCREW:2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "return 1: 10.00 back by cash for no invoice\n");
    assert_eq!(
        count(
            &shop.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'return' AND user_name = 'casey'
               AND approved_by = 'morgan'"
        ),
        1
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

// Hole 2: a clerk set any credit limit, and creating a customer was not audited.

/// F2, Ctrl-N, the next account kept, `name`, a phone, no e-mail, `limit`: saved.
fn new_customer(t: &mut Till, name: &str, limit: &str) {
    t.f(2);
    t.typed(name);
    t.ctrl('n');
    assert_eq!(t.top_title(), "customer form");
    t.enter();
    t.typed("555-0199");
    t.enter();
    t.enter();
    t.typed(limit);
    t.enter();
}

#[test]
fn a_clerk_gives_a_credit_limit_only_with_a_managers_approval_and_every_customer_is_audited() {
    let mut t = clerk_till();
    new_customer(&mut t, "Nora Quinn", "50000");
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    assert!(
        t.status()
            .contains("a credit limit of 50000.00 (was 0.00) needs a manager"),
        "{}",
        t.status()
    );
    // Esc: nothing is created, the form stays to correct.
    t.esc();
    assert_eq!(t.top_title(), "customer form");
    assert_eq!(count(t.store(), "SELECT count(*) FROM customers"), 3);
    // Without a limit a clerk may; with one, morgan approves it.
    t.ctrl('u');
    t.typed("0");
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(t.app.sale().customer.as_deref(), Some("Nora Quinn (C4)"));
    t.key(ratatui::crossterm::event::KeyCode::F(2));
    t.key(ratatui::crossterm::event::KeyCode::F(2));
    new_customer(&mut t, "Sam Reyes", "500");
    t.approve("morgan", MANAGER_PIN);
    let sam = t.store().customer_by_account("C5").unwrap().unwrap();
    assert_eq!(sam.credit_limit.to_string(), "500.00");
    let audited: Vec<(String, Option<String>, String)> = t
        .store()
        .conn()
        .query_map(
            "SELECT user_name, approved_by, detail FROM audit_log
             WHERE action = 'customer_created' ORDER BY id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(audited.len(), 2, "{audited:?}");
    assert_eq!(
        (audited[0].0.as_str(), audited[0].1.as_deref()),
        ("casey", None)
    );
    assert!(audited[0].2.contains("credit limit 0.00"), "{audited:?}");
    assert_eq!(
        (audited[1].0.as_str(), audited[1].1.as_deref()),
        ("casey", Some("morgan"))
    );
    assert!(
        audited[1]
            .2
            .contains("C5 Sam Reyes created: credit limit 500.00"),
        "{audited:?}"
    );
}

// Hole 3: at pickup the credit limit was checked against the sale's Bill To, not the
// customer whose account the final invoice charges.

/// Order 1: Pat Walker (C2, a 50.00 limit) has 20 SCREW held back, 100.00 to pay at pickup.
fn pat_has_an_order_to_pick_up(store: &mut Store) {
    common::ring(
        store,
        &common::config(),
        Some("C2"),
        &[("SCREW", 20, 20)],
        ringup::domain::sale::Payment::WhenReceived,
    );
}

#[test]
fn at_pickup_the_orders_customer_is_held_to_their_limit_whoever_is_billed() {
    let mut t = clerk_till();
    pat_has_an_order_to_pick_up(&mut t.counter_mut().store);
    // Bill To Harbor Builders (a 5000.00 limit), then Pat's order scanned.
    t.bill_to("Harbor");
    t.typed("ORD-000001");
    t.enter();
    assert_eq!(t.top_title(), "order 1", "{}", t.status());
    t.typed("i");
    assert_eq!(t.top_title(), "tender", "{}", t.status());
    t.typed("a");
    t.enter();
    // 100.00 on Pat's account is over Pat's 50.00: a manager is asked, nothing written.
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    assert!(
        t.status().contains(
            "100.00 on account takes the customer to 100.00, over the credit limit of 50.00"
        ),
        "{}",
        t.status()
    );
    assert_eq!(count(t.store(), "SELECT count(*) FROM invoices"), 1);
    t.approve("morgan", MANAGER_PIN);
    assert!(
        t.status().starts_with("Final invoice 2 for order 1"),
        "{}",
        t.status()
    );
    assert_eq!(
        count(
            t.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'over_credit_limit'
               AND user_name = 'casey' AND approved_by = 'morgan' AND other_order = 1"
        ),
        1
    );
    let pat = t.store().customer_by_account("C2").unwrap().unwrap();
    assert_eq!(
        t.store().account_balance(pat.id).unwrap().to_string(),
        "100.00"
    );
    assert!(t.store().check().unwrap().is_empty());
}

#[test]
fn on_the_command_line_a_pickup_on_account_is_held_to_the_orders_customers_limit() {
    let shop = shop();
    let mut store = shop.store();
    pat_has_an_order_to_pick_up(&mut store);
    drop(store);
    let run = as_casey(&shop, &["order", "convert", "1", "--account", "100.00"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("over the credit limit of 50.00; nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(count(&shop.store(), "SELECT count(*) FROM invoices"), 1);
    let run = approved(&shop, &["order", "convert", "1", "--account", "100.00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("final invoice 2 for order 1"),
        "{}",
        run.stdout
    );
    assert_eq!(
        count(
            &shop.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'over_credit_limit'
               AND approved_by = 'morgan'"
        ),
        1
    );
    // Within the limit a clerk may pick up on account alone.
    let mut store = shop.store();
    common::ring(
        &mut store,
        &common::config(),
        Some("C1"),
        &[("SCREW", 2, 2)],
        ringup::domain::sale::Payment::WhenReceived,
    );
    drop(store);
    let run = as_casey(&shop, &["order", "convert", "2", "--account", "10.00"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

// Hole 4: the screens let a clerk do what the command line refused.

/// Orders 1 (C1) and 2 (C2) wait for 2 TAPE each; 2 TAPE have come in.
fn two_orders_wait_for_tape(store: &mut Store) {
    for account in ["C1", "C2"] {
        common::ring(
            store,
            &common::config(),
            Some(account),
            &[("TAPE", 2, 0)],
            ringup::domain::sale::Payment::WhenReceived,
        );
    }
    store
        .receive(
            "TAPE",
            2,
            "MAIN",
            ringup::store::stock::MovementKind::Receipt,
            "delivery",
            "morgan",
        )
        .unwrap();
}

fn open_order(t: &mut Till, number: i64) {
    t.f(7);
    t.typed(&number.to_string());
    t.enter();
    assert_eq!(t.top_title(), format!("order {number}"), "{}", t.status());
}

#[test]
fn a_clerks_queue_jump_on_screen_needs_a_manager_and_names_them() {
    let mut t = clerk_till();
    two_orders_wait_for_tape(&mut t.counter_mut().store);
    open_order(&mut t, 2);
    t.typed("r");
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.typed("y");
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    assert!(
        t.status()
            .contains("releasing stock ahead of an older order needs a manager"),
        "{}",
        t.status()
    );
    assert_eq!(
        count(t.store(), "SELECT sum(committed) FROM order_lines"),
        0
    );
    t.approve("morgan", MANAGER_PIN);
    assert!(
        t.status().starts_with("Released 2 unit(s) to order 2"),
        "{}",
        t.status()
    );
    assert_eq!(
        count(
            t.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'queue_jump' AND user_name = 'casey'
               AND approved_by = 'morgan'"
        ),
        1
    );
}

#[test]
fn a_clerks_due_date_on_screen_needs_a_manager() {
    let mut t = clerk_till();
    two_orders_wait_for_tape(&mut t.counter_mut().store);
    open_order(&mut t, 1);
    t.typed("d");
    assert_eq!(t.top_title(), "form: Due date of order 1", "{}", t.status());
    t.typed(&common::in_days(7));
    t.enter();
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    assert_eq!(t.store().order(1).unwrap().unwrap().due, None);
    t.approve("morgan", MANAGER_PIN);
    assert_eq!(
        t.store().order(1).unwrap().unwrap().due,
        Some(common::in_days(7))
    );
    assert_eq!(
        count(
            t.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'set_due' AND approved_by = 'morgan'"
        ),
        1
    );
}

#[test]
fn on_the_command_line_a_queue_jump_and_a_due_date_are_approved_by_a_manager() {
    let shop = shop();
    let mut store = shop.store();
    two_orders_wait_for_tape(&mut store);
    drop(store);
    let run = as_casey(&shop, &["order", "release", "2", "--jump-queue"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("releasing stock ahead of an older order needs a manager"),
        "{}",
        run.stderr
    );
    let run = approved(&shop, &["order", "release", "2", "--jump-queue"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let due = common::cli::in_days(7);
    let run = approved(&shop, &["order", "due", "1", &due]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let store = shop.store();
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action IN ('queue_jump', 'set_due')
               AND user_name = 'casey' AND approved_by = 'morgan'"
        ),
        2
    );
}

// Also: money goes back the way it came; lock-outs stay where the tries were made.

#[test]
fn a_clerks_cash_refund_of_a_card_sale_needs_a_manager() {
    let shop = shop();
    let run = as_casey(&shop, &["sale", "--item", "SCREW:4", "--tender", "card"]);
    assert!(run.stdout.starts_with("invoice 1"), "{}", run.stderr);
    let run = as_casey(&shop, &["return", "1", "SCREW:1", "--refund", "cash"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("5.00 back in cash for money paid by card: a manager approves it"),
        "{}",
        run.stderr
    );
    // Back the way it came, a clerk may alone; in cash, with morgan's approval.
    let run = as_casey(&shop, &["return", "1", "SCREW:1"]);
    assert_eq!(
        run.stdout, "return 2: 5.00 back by card for invoice 1\n",
        "{}",
        run.stderr
    );
    let run = approved(&shop, &["return", "1", "SCREW:1", "--refund", "cash"]);
    assert_eq!(
        run.stdout, "return 3: 5.00 back by cash for invoice 1\n",
        "{}",
        run.stderr
    );
    assert_eq!(shop.ok(&["check"]), "ok: every invariant holds\n");
}

#[test]
fn wrong_pins_on_the_command_line_never_lock_a_managers_sign_in_at_the_counters() {
    let shop = shop();
    for _ in 0..3 {
        let run = shop.run_as("morgan", "000000", &["receive", "TAPE", "1"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("--user morgan: wrong PIN; nothing was written")
        );
    }
    let mut store = shop.store();
    assert!(matches!(
        store.sign_in("morgan", MANAGER_PIN).unwrap(),
        ringup::store::users::SignIn::Ok(_)
    ));
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'"
        ),
        3
    );
    // At a counter, three wrong PINs still lock that sign-in.
    for _ in 0..3 {
        store.sign_in("morgan", "000000").unwrap();
    }
    assert_eq!(
        store.sign_in("morgan", MANAGER_PIN).unwrap(),
        ringup::store::users::SignIn::LockedOut
    );
}

// check proves the policy was followed in the past.

#[test]
fn check_finds_a_clerks_queue_jump_without_a_managers_approval() {
    let mut t = clerk_till();
    two_orders_wait_for_tape(&mut t.counter_mut().store);
    open_order(&mut t, 2);
    t.typed("r");
    t.typed("y");
    t.approve("morgan", MANAGER_PIN);
    assert!(t.store().check().unwrap().is_empty());
    // The approver's name taken off the row, or a clerk's put in its place: both found.
    let conn = t.store().conn();
    conn.execute(
        "UPDATE audit_log SET approved_by = NULL WHERE action = 'queue_jump'",
        params![],
    )
    .unwrap();
    let findings = t.store().check().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0]
            .to_string()
            .contains("queue_jump by casey with no manager's approval"),
        "{findings:?}"
    );
    conn.execute(
        "UPDATE audit_log SET approved_by = 'casey' WHERE action = 'queue_jump'",
        params![],
    )
    .unwrap();
    let findings = t.store().check().unwrap();
    assert!(
        findings[0]
            .to_string()
            .contains("approved by casey, who is not a manager"),
        "{findings:?}"
    );
}

/// Order 1: 4 VALVE for Dunmore, 2 delivered and 2 on order, the deposit paid by card.
fn card_deposit(t: &mut Till) {
    t.bill_to("Dunmore");
    t.ring("4*VALVE");
    t.f(10);
    assert_eq!(t.top_title(), "Backorders Found", "{}", t.status());
    t.typed("c");
    t.typed("i");
    assert_eq!(t.top_title(), "tender");
    t.typed("k");
    t.enter();
    t.assert_on_sale_screen();
}

#[test]
fn a_cancel_gives_a_card_deposit_back_to_the_card_unless_the_manager_picks_cash() {
    let mut t = common::till::till();
    card_deposit(&mut t);
    t.open_first_order();
    t.typed("c");
    t.enter();
    let text = common::screen::render(&t.app, 80, 24);
    assert!(
        text.contains("15.00 goes back to the customer of order 1, paid by card. How?"),
        "{text}"
    );
    // Enter takes the way the deposit came: the card, not the till.
    t.enter();
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.typed("y");
    assert!(
        t.status().contains("refund 15.00 to the card"),
        "{}",
        t.status()
    );
    let refunds: Vec<String> = t
        .store()
        .conn()
        .query_map(
            "SELECT kind FROM tenders WHERE amount LIKE '-%'",
            params![],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refunds, ["card"]);
}

#[test]
fn cash_back_for_a_card_deposit_on_the_command_line_is_a_managers_choice() {
    let shop = shop();
    let run = as_casey(
        &shop,
        &[
            "sale",
            "--customer",
            "C1",
            "--item",
            "VALVE:4",
            "--on-backorder",
            "order",
            "--payment",
            "when_invoiced",
            "--tender",
            "card",
        ],
    );
    assert!(run.stdout.starts_with("invoice 1"), "{}", run.stderr);
    let run = shop.run_as(
        "morgan",
        MANAGER_PIN,
        &["order", "cancel", "1", "1", "--refund", "cash"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        count(
            &shop.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'cancel_backorder'
               AND approved_by = 'morgan'"
        ),
        1
    );
}

#[test]
fn cash_far_above_what_is_due_is_asked_about_on_the_command_line_as_at_the_counter() {
    let shop = shop();
    let run = as_casey(
        &shop,
        &["sale", "--item", "SCREW:1", "--tender", "cash:5000"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--tender 'cash:5000': cash 5000.00 is 4995.00 over the 5.00 due"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("add --yes"), "{}", run.stderr);
    assert_eq!(count(&shop.store(), "SELECT count(*) FROM invoices"), 0);
    let run = as_casey(
        &shop,
        &[
            "sale",
            "--item",
            "SCREW:1",
            "--tender",
            "cash:5000",
            "--yes",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Within the limit no question is asked.
    let run = as_casey(&shop, &["sale", "--item", "SCREW:1", "--tender", "cash:20"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn on_the_command_line_customers_and_their_limits_come_only_from_a_managers_import() {
    let shop = shop();
    let file = shop.dir.path().join("customers.csv");
    std::fs::write(
        &file,
        "account,name,phone,email,credit_limit,price_level_pct\nC9,Nora Quinn,555-0199,,50000.00,0\n",
    )
    .unwrap();
    let file = file.display().to_string();
    let run = as_casey(&shop, &["import", "customers", &file]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a clerk may not import; a manager must"),
        "{}",
        run.stderr
    );
    assert!(shop.store().customer_by_account("C9").unwrap().is_none());
    let run = shop.run_as("morgan", MANAGER_PIN, &["import", "customers", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let nora = shop.store().customer_by_account("C9").unwrap().unwrap();
    assert_eq!(nora.credit_limit.to_string(), "50000.00");
}

// The sale itself: the store wrote whatever approver names the counter handed it.

/// Writes one line of `qty` SCREW (5.00) for `account` (if any) as `user`, the line changed by
/// `change`, paid whole by `kind`, with these approvals.
fn sell_screws(
    store: &mut Store,
    user: &str,
    account: Option<&str>,
    qty: u32,
    change: Option<PriceChange>,
    kind: TenderKind,
    approvals: &[Approval],
) -> Result<i64, CommitError> {
    let config = common::config();
    let customer = account.map(|a| store.customer_by_account(a).unwrap().unwrap());
    let mut line = store
        .ring_line("SCREW", qty, customer.as_ref(), "MAIN", &config.tax.rates)
        .unwrap();
    line.adjust.line = change.map(|change| Adjustment {
        change,
        reason: "trade".into(),
        approved_by: Some("morgan".into()),
    });
    common::commit_paid(
        store,
        &config,
        &common::Paid {
            user,
            customer: customer.as_ref(),
            lines: &[line],
            payment: Payment::WhenReceived,
            kind,
            approvals,
        },
    )
    .map(|c| c.invoice)
}

fn needs(result: Result<i64, CommitError>) -> Approve {
    match result {
        Err(CommitError::Store(StoreError::NeedsApproval(asked))) => asked,
        other => panic!("expected a manager's approval to be asked, got {other:?}"),
    }
}

fn morgan_approves(store: &mut Store, asked: &Approve) -> Approval {
    store
        .approve("morgan", MANAGER_PIN, "casey", asked)
        .unwrap()
        .unwrap()
}

#[test]
fn the_store_refuses_a_clerks_price_cut_over_the_limit_whatever_name_the_counter_hands_it() {
    let mut store = store();
    add_users(&mut store);
    // The line says morgan approved it; only an approval morgan's PIN made counts.
    let cut = Some(PriceChange::UnitPrice(money("4.00")));
    let asked = needs(sell_screws(
        &mut store,
        "casey",
        None,
        1,
        cut,
        TenderKind::Cash,
        &[],
    ));
    assert_eq!(asked.action, "price_override");
    assert_eq!(count(&store, "SELECT count(*) FROM invoices"), 0);
    // Within the limit (10%; 4.60 is 8% off) no one is asked.
    sell_screws(
        &mut store,
        "casey",
        None,
        1,
        Some(PriceChange::UnitPrice(money("4.60"))),
        TenderKind::Cash,
        &[],
    )
    .unwrap();
    let approval = morgan_approves(&mut store, &asked);
    let invoice = sell_screws(
        &mut store,
        "casey",
        None,
        1,
        cut,
        TenderKind::Cash,
        &[approval],
    )
    .unwrap();
    let approver: Option<String> = store
        .conn()
        .query_row(
            "SELECT approved_by FROM audit_log WHERE reference = ?1 AND action = 'price_override'",
            params![format!("invoice {invoice}")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(approver.as_deref(), Some("morgan"));
    // The within-limit cut names no approver: none was needed.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'price_override' AND approved_by IS NULL"
        ),
        1
    );
}

#[test]
fn the_store_refuses_a_clerks_override_without_a_manager() {
    let mut store = store();
    add_users(&mut store);
    let config = common::config();
    let rules = common::rules(&config);
    // 2 VALVE on the shelf; 3 delivered anyway.
    let mut line = store
        .ring_line("VALVE", 3, None, "MAIN", &config.tax.rates)
        .unwrap();
    line.overrides.push(Override::Ignore { qty: 1 });
    assert_eq!(line.outcome(&rules).delivered, 3);
    let lines = [line];
    let sale = |approvals| common::Paid {
        user: "casey",
        customer: None,
        lines: &lines,
        payment: Payment::WhenReceived,
        kind: TenderKind::Cash,
        approvals,
    };
    let asked = needs(common::commit_paid(&mut store, &config, &sale(&[])).map(|c| c.invoice));
    assert_eq!(asked.action, "override");
    assert_eq!(count(&store, "SELECT count(*) FROM invoices"), 0);
    let approval = morgan_approves(&mut store, &asked);
    common::commit_paid(&mut store, &config, &sale(&[approval])).unwrap();
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'override_ignore' AND approved_by = 'morgan'"
        ),
        1
    );
    assert!(store.check().unwrap().is_empty());
    // check finds an override whose approver was taken off.
    store
        .conn()
        .execute(
            "UPDATE audit_log SET approved_by = NULL WHERE action = 'override_ignore'",
            params![],
        )
        .unwrap();
    let findings = store.check().unwrap();
    assert!(
        findings.iter().any(|f| f
            .to_string()
            .contains("override_ignore by casey with no manager's approval")),
        "{findings:?}"
    );
}

#[test]
fn the_store_holds_a_sale_on_account_to_the_customers_limit_and_the_amount_approved() {
    let mut store = store();
    add_users(&mut store);
    // C2 may owe 50.00: 2 screws (10.00) are within it, 9 more (45.00) are not.
    sell_screws(
        &mut store,
        "casey",
        Some("C2"),
        2,
        None,
        TenderKind::Account,
        &[],
    )
    .unwrap();
    let asked = needs(sell_screws(
        &mut store,
        "casey",
        Some("C2"),
        9,
        None,
        TenderKind::Account,
        &[],
    ));
    assert_eq!(asked.action, "over_credit_limit");
    let approval = morgan_approves(&mut store, &asked);
    // An approval for one amount does not cover a larger one.
    let more = needs(sell_screws(
        &mut store,
        "casey",
        Some("C2"),
        12,
        None,
        TenderKind::Account,
        std::slice::from_ref(&approval),
    ));
    assert!(more.amount > asked.amount, "{more:?} after {asked:?}");
    let invoice = sell_screws(
        &mut store,
        "casey",
        Some("C2"),
        9,
        None,
        TenderKind::Account,
        &[approval],
    )
    .unwrap();
    let (approver, detail): (Option<String>, String) = store
        .conn()
        .query_row(
            "SELECT approved_by, detail FROM audit_log
             WHERE reference = ?1 AND action = 'over_credit_limit'",
            params![format!("invoice {invoice}")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(approver.as_deref(), Some("morgan"));
    assert!(
        detail.contains("over the credit limit of 50.00"),
        "{detail}"
    );
    // A manager's own sale over the limit is their own approval.
    sell_screws(
        &mut store,
        "morgan",
        Some("C2"),
        1,
        None,
        TenderKind::Account,
        &[],
    )
    .unwrap();
}

#[test]
fn on_the_command_line_a_sale_over_the_credit_limit_is_approved_by_a_manager() {
    let shop = shop();
    let args = [
        "sale",
        "--customer",
        "C2",
        "--item",
        "SCREW:10",
        "--tender",
        "account",
    ];
    // 50.00 on account is C2's whole limit.
    let run = as_casey(&shop, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let refused = as_casey(&shop, &args);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("over the credit limit")
            && refused.stderr.contains("--approved-by"),
        "{}",
        refused.stderr
    );
    let store = shop.store();
    assert_eq!(count(&store, "SELECT count(*) FROM invoices"), 1);
    drop(store);
    let run = approved(&shop, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A manager is asked as the screen asks them: --yes.
    let manager = shop.run_as("morgan", MANAGER_PIN, &args);
    assert_eq!(manager.code, 2, "{}", manager.stderr);
    assert!(manager.stderr.contains("--yes"), "{}", manager.stderr);
    let mut yes = args.to_vec();
    yes.push("--yes");
    let run = shop.run_as("morgan", MANAGER_PIN, &yes);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let store = shop.store();
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM audit_log WHERE action = 'over_credit_limit' AND approved_by = 'morgan'"
        ),
        2
    );
}

#[test]
fn on_screen_an_approval_over_the_credit_limit_goes_with_the_tenders_it_was_given_for() {
    let mut t = common::till::till_as("casey");
    t.bill_to("Walker");
    // 100.00; Walker may owe 50.00.
    t.ring("20*SCREW");
    t.f(10);
    t.typed("a");
    t.answer("60");
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    t.approve("morgan", MANAGER_PIN);
    assert_eq!(t.tender_remaining(), "40.00");
    // Handed back: the approval goes with the tenders.
    t.esc();
    t.typed("y");
    t.assert_on_sale_screen();
    assert!(t.app.counter().approvals.is_empty());
    t.f(10);
    t.typed("a");
    t.answer("60");
    assert_eq!(t.top_title(), "approval", "asked again: {}", t.status());
    t.approve("morgan", MANAGER_PIN);
    t.enter();
    t.assert_on_sale_screen();
    assert!(t.status().starts_with("Invoice 1 done"), "{}", t.status());
    assert_eq!(
        count(
            t.store(),
            "SELECT count(*) FROM audit_log WHERE action = 'over_credit_limit'
               AND approved_by = 'morgan' AND detail LIKE '%60.00 on account%'"
        ),
        1
    );
    t.assert_invariants();
}

// A manager's work: the front ends refused a clerk, but the store wrote whatever it was
// handed.

#[test]
fn the_store_refuses_a_clerk_every_managers_write_and_writes_nothing() {
    use ringup::store::purchasing::NewPo;
    let mut store = store();
    common::load_suppliers(&mut store);
    common::ring_three_orders(&mut store);
    add_users(&mut store);
    let rules = common::config().order_rules();
    let po = store
        .create_po(
            &NewPo {
                supplier: "Keystone",
                location: "MAIN",
                expected: None,
                from_suggestions: false,
                user: "morgan",
            },
            store.today(),
        )
        .unwrap();
    store.add_to_po(po, "TAPE", 3, None, "morgan").unwrap();
    let snapshot = |store: &Store| -> Vec<i64> {
        [
            "stock_movements",
            "audit_log",
            "po_lines",
            "purchase_orders",
            "deposits",
            "days",
            "users",
        ]
        .iter()
        .map(|table| count(store, &format!("SELECT count(*) FROM {table}")))
        .chain([count(
            store,
            "SELECT count(*) FROM orders WHERE status = 'open'",
        )])
        .collect()
    };
    let before = snapshot(&store);
    let refused = |result: Result<(), StoreError>, what: &str| match result {
        Err(StoreError::Refused(why)) => {
            assert_eq!(why, format!("a clerk may not {what}; a manager must"))
        }
        other => panic!("{what}: expected a refusal, got {other:?}"),
    };
    let new_po = NewPo {
        supplier: "Keystone",
        location: "MAIN",
        expected: None,
        from_suggestions: false,
        user: "casey",
    };
    let today = store.today();
    refused(
        store.create_po(&new_po, today).map(drop),
        "create a purchase order",
    );
    refused(
        store.add_to_po(po, "TAPE", 1, None, "casey").map(drop),
        "add to a purchase order",
    );
    refused(
        store.receive_po(po, &[], "casey", true).map(drop),
        "receive against a purchase order",
    );
    refused(store.cancel_po(po, "casey"), "cancel a purchase order");
    refused(
        store
            .receive("TAPE", 5, "MAIN", MovementKind::Receipt, "van", "casey")
            .map(drop),
        "receive stock",
    );
    refused(
        store.count("SCREW", 1, "MAIN", "casey").map(drop),
        "count stock",
    );
    refused(
        store.transfer("CONC", 1, "YARD", "MAIN", "casey"),
        "transfer stock",
    );
    refused(
        store
            .cancel_backorder(2, 1, None, None, "casey", &rules, &[])
            .map(drop),
        "cancel a backorder",
    );
    refused(
        store.void_order(3, None, "casey", &rules, &[]).map(drop),
        "void an order",
    );
    refused(
        store
            .close_day("MAIN", money("100.00"), money("100.00"), "casey")
            .map(drop),
        "close the day",
    );
    refused(
        store
            .add_user_by("jo", Role::Clerk, "9876", "casey")
            .map(drop),
        "add a user",
    );
    refused(store.set_pin("casey", "2468", "casey"), "change a PIN");
    refused(
        store.set_role("casey", Role::Manager, Some("864213"), "casey"),
        "change a role",
    );
    refused(
        store.set_disabled("morgan", true, "casey"),
        "disable or enable a user",
    );
    assert_eq!(snapshot(&store), before);
    // The same writes by the manager go through.
    store.count("SCREW", 1, "MAIN", "morgan").unwrap();
    store.void_order(3, None, "morgan", &rules, &[]).unwrap();
}

#[test]
fn the_store_refuses_a_clerks_import_and_writes_no_row() {
    let mut store = store();
    add_users(&mut store);
    let rules = ringup::store::import::ImportRules {
        user: "casey".into(),
        ..common::import_rules()
    };
    let file =
        "account,name,phone,email,credit_limit,price_level_pct\nC9,Big Spender,,,99999.00,0\n";
    match store.import_customers(file.as_bytes(), &rules) {
        Err(StoreError::Refused(why)) => {
            assert_eq!(why, "a clerk may not import; a manager must")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(store.customer_by_account("C9").unwrap().is_none());
}

#[test]
fn a_customer_edited_by_an_import_is_audited_with_the_old_and_new_values() {
    let mut store = store();
    add_users(&mut store);
    let file = "account,name,phone,email,credit_limit,price_level_pct\n\
                C2,Pat Walker,555-0199,,250.00,0\n\
                C3,Harbor Builders,555-0103,,5000.00,5\n\
                C8,New Trade,,,0,0\n";
    store
        .import_customers(file.as_bytes(), &common::import_rules())
        .unwrap();
    let rows: Vec<(String, String, String)> = store
        .conn()
        .query_map(
            "SELECT action, user_name, detail FROM audit_log
             WHERE action LIKE 'customer_%' ORDER BY id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // C3 is unchanged: not audited.
    assert_eq!(
        rows,
        [
            (
                "customer_edited".to_string(),
                "morgan".to_string(),
                "customer C2 edited: phone '555-0102' -> '555-0199'; \
                 credit limit '50.00' -> '250.00'"
                    .to_string()
            ),
            (
                "customer_created".to_string(),
                "morgan".to_string(),
                "customer C8 New Trade created: credit limit 0.00, phone '', email ''".to_string()
            ),
        ]
    );
}
