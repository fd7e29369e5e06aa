//! Counter keying a clerk can trust: each reproduction of "no stray key finishes a sale or
//! changes a figure", driven by real keys on a real (in-memory) store.

mod common;

use common::screen::render;
use common::till::{Till, till, till_as};
use ratatui::crossterm::event::KeyCode;
use ringup::app::number::NumberPrompt;
use ringup::store::catalog::NewCustomer;
use ringup::store::params;

fn entry(t: &Till) -> String {
    t.app.entry().to_string()
}

fn prompt(t: &Till) -> &NumberPrompt {
    t.app
        .top()
        .unwrap_or_else(|| panic!("not on a number prompt: {}", t.top_title()))
}

// ---- 1. a scanned barcode is not cash --------------------------------------------------

#[test]
fn a_scan_in_the_tender_box_is_refused_and_huge_cash_asks() {
    let mut t = till();
    t.ring("SCREW");
    t.f(10);
    t.typed("039923000521");
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    assert!(t.status().contains("scanned barcode"), "{}", t.status());
    assert_eq!(t.top_title(), "tender");
    // The refused scan stays, selected: Enter alone refuses it again (never takes all that
    // is due in cash), and the next key replaces it.
    let tender: &ringup::app::tender::Tender = t.app.top().unwrap();
    assert_eq!(tender.input.value(), "039923000521");
    assert!(tender.selected);
    t.enter();
    assert!(t.status().contains("scanned barcode"), "{}", t.status());
    assert_eq!(t.tender_remaining(), "5.00");
    assert_eq!(t.invoice_count(), 0);
    t.typed("7");
    let tender: &ringup::app::tender::Tender = t.app.top().unwrap();
    assert_eq!(tender.input.value(), "7", "replaced, not appended to");

    // More than 1,000.00 above the due asks; Enter alone is the No it defaults to.
    t.answer("2000");
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.enter();
    assert_eq!(t.top_title(), "tender");
    assert_eq!(t.tender_remaining(), "5.00");
    assert_eq!(t.invoice_count(), 0);
    // A sane amount goes through at once, with its change, shown large until the next
    // sale starts.
    t.answer("20");
    assert!(t.status().contains("change 15.00"), "{}", t.status());
    assert_eq!(t.invoice_count(), 1);
    // (After a key, so the status line no longer names the temporary receipt file.)
    t.key(KeyCode::F(1));
    t.esc();
    let screen = render(&t.app, 80, 24);
    assert!(
        screen.contains("CHANGE DUE  CAD 15.00"),
        "still there: {screen}"
    );
    insta::assert_snapshot!("change_due_80x24", screen);

    // A deliberate large amount is taken after y.
    t.ring("SCREW");
    t.f(10);
    t.typed("1005.01");
    t.enter();
    assert_eq!(t.top_title(), "confirm");
    t.typed("y");
    assert!(t.status().contains("change 1000.01"), "{}", t.status());
    assert_eq!(t.invoice_count(), 2);
    t.assert_invariants();
}

#[test]
fn the_cash_limit_comes_from_the_config() {
    let mut t = common::till::till_over(
        common::store(),
        "morgan",
        tempfile::TempDir::new().unwrap(),
        |c| c.counter.cash_over_due_confirm = rust_decimal::Decimal::new(5000, 2),
    );
    t.ring("SCREW");
    t.f(10);
    t.answer("100");
    assert_eq!(t.top_title(), "confirm", "95.00 over the 50.00 limit asks");
}

// ---- 2. letters in the tender box never finish the sale ---------------------------------

#[test]
fn letters_in_the_tender_box_never_finish_the_sale() {
    let mut t = till();
    t.ring("SCREW");
    t.f(10);
    t.typed("abc");
    assert_eq!(t.top_title(), "tender", "{}", t.status());
    assert_eq!(t.invoice_count(), 0);
    // An amount, then a letter: the letter does nothing.
    t.typed("10");
    t.typed("k");
    assert!(t.status().contains("Letters do nothing"), "{}", t.status());
    t.typed("c");
    assert_eq!(t.top_title(), "tender");
    assert_eq!(t.invoice_count(), 0);
    // Only Enter (or F10) takes it.
    t.f(10);
    assert!(t.status().contains("change 5.00"), "{}", t.status());
    assert_eq!(t.invoice_count(), 1);
}

#[test]
fn a_letter_chooses_how_to_pay_only_while_the_box_is_empty() {
    let mut t = till();
    t.ring("2*SCREW");
    t.f(10);
    t.typed("k");
    t.typed("4");
    t.enter();
    assert_eq!(t.tender_remaining(), "6.00");
    // The next tender is cash again unless a letter says otherwise.
    t.enter();
    let invoice = t.store().invoice(1).unwrap().unwrap();
    let tenders: Vec<_> = invoice
        .tenders
        .iter()
        .map(|x| (x.kind.as_str(), x.amount.to_string()))
        .collect();
    assert_eq!(
        tenders,
        [("card", "4.00".to_string()), ("cash", "6.00".to_string())]
    );
}

// ---- 3. prefilled boxes are replaced by the first key typed ------------------------------

#[test]
fn a_prefilled_number_box_is_replaced_by_the_first_key() {
    let mut t = till();
    t.ring("SCREW");
    t.f(9);
    assert_eq!(prompt(&t).input.value(), "1");
    assert!(prompt(&t).selected);
    t.typed("25");
    t.enter();
    assert_eq!(t.lines()[0].ordered, 25, "{}", t.status());

    // F5 showing 3 on a TAPE line with none in stock: 1 replaces it.
    t.ring("3*TAPE");
    t.f(5);
    assert_eq!(prompt(&t).input.value(), "3");
    t.typed("1");
    assert_eq!(prompt(&t).input.value(), "1");
    t.esc();

    // F4 showing 1 held back: 2 replaces it, it does not make 12.
    t.bill_to("Dunmore");
    t.key(KeyCode::Up);
    t.f(4);
    t.typed("1");
    t.enter();
    t.f(4);
    assert_eq!(prompt(&t).input.value(), "1");
    t.typed("2");
    t.enter();
    assert_eq!(t.lines()[0].held_back, 2, "{}", t.status());

    // A movement keeps the value and ends the selection: typing then appends.
    t.f(9);
    t.key(KeyCode::End);
    t.typed("0");
    assert_eq!(prompt(&t).input.value(), "250");
    t.esc();
    // Backspace on a selected value clears it.
    t.f(9);
    t.key(KeyCode::Backspace);
    assert_eq!(prompt(&t).input.value(), "");
}

#[test]
fn a_prefilled_form_field_is_replaced_by_the_first_key() {
    let mut t = till();
    t.f(8);
    t.typed("r");
    t.typed("SCREW");
    t.enter();
    t.typed("5");
    t.enter();
    // Location holds MAIN, selected: typing replaces it.
    t.typed("YARD");
    t.enter();
    t.enter();
    assert_eq!(t.stock_at("SCREW", "YARD"), (5, 0), "{}", t.status());
}

// ---- 4. Del edits the item entry; removing a line asks ----------------------------------

#[test]
fn del_edits_the_item_entry_and_removing_a_line_asks() {
    let mut t = till();
    t.ring("SCREW");
    t.typed("ABC");
    t.key(KeyCode::Left);
    t.key(KeyCode::Delete);
    assert_eq!(entry(&t), "AB");
    assert_eq!(t.lines().len(), 1, "Del removed no line");

    t.ctrl('d');
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert_eq!(t.lines().len(), 1, "Enter alone keeps the line");
    t.ctrl('d');
    t.typed("n");
    assert_eq!(t.lines().len(), 1);
    t.ctrl('d');
    t.typed("y");
    assert!(t.lines().is_empty(), "{}", t.status());
    assert!(t.status().contains("Removed SCREW"), "{}", t.status());
}

// ---- 5. columns never cut a figure; huge quantities ask -----------------------------------

#[test]
fn a_huge_quantity_asks_and_its_figures_show_whole() {
    let mut t = till();
    t.ring("999999*VALVE");
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert!(t.lines().is_empty(), "Enter alone rings nothing");
    assert_eq!(entry(&t), "999999*VALVE", "the entry is kept to correct");
    t.enter();
    t.typed("y");
    assert_eq!(t.lines()[0].ordered, 999_999, "{}", t.status());
    let line = t.lines()[0].clone();
    let screen = render(&t.app, 80, 24);
    for figure in [&line.extension, &line.unit_price, &"999999".to_string()] {
        assert!(screen.contains(figure.as_str()), "{figure}:\n{screen}");
    }
    let total = t.app.sale().totals.total.clone();
    assert!(screen.contains(&total), "{total}:\n{screen}");

    // Ringing more of a line asks when the line comes to a huge quantity.
    t.ring("600*SCREW");
    t.ring("600*SCREW");
    assert_eq!(t.top_title(), "confirm", "1,200 on the line");
    t.esc();
    t.esc();
    assert_eq!(t.lines()[1].sku, "SCREW");
    t.ctrl('d');
    t.typed("y");
    assert_eq!(t.lines().len(), 1, "{}", t.status());

    // F9 far beyond the usual asks too.
    t.ring("SCREW");
    t.f(9);
    t.typed("5000");
    t.enter();
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert!(t.top_title().starts_with("number"), "back to correct it");
    t.esc();
    assert_eq!(t.lines()[1].ordered, 1);
    t.f(9);
    t.typed("5000");
    t.enter();
    t.typed("y");
    assert_eq!(t.lines()[1].ordered, 5000, "{}", t.status());
}

// ---- 6. questions that lose something default to No --------------------------------------

#[test]
fn quitting_with_a_sale_defaults_to_no() {
    let mut t = till();
    t.ring("SCREW");
    for quit in ['q', 'c'] {
        t.ctrl(quit);
        assert_eq!(t.top_title(), "confirm");
        t.enter();
        assert!(!t.app.should_quit(), "Enter after Ctrl-{quit} quit");
        t.assert_on_sale_screen();
        assert_eq!(t.lines().len(), 1);
    }
    // A second Ctrl-Q does not say yes either.
    t.ctrl('q');
    t.ctrl('q');
    assert!(!t.app.should_quit());
    t.typed("y");
    assert!(t.app.should_quit());
}

#[test]
fn enter_alone_never_clears_or_fills_the_backorders() {
    let mut t = till();
    t.ring("4*VALVE");
    t.f(10);
    t.typed("l");
    assert_eq!(t.top_title(), "Clear backorders");
    t.enter();
    t.f(10);
    assert_eq!(t.top_title(), "Clear backorders", "{}", t.status());
    assert!(t.status().contains("Press l to go ahead"), "{}", t.status());
    assert_eq!(t.lines()[0].ordered, 4);
    t.typed("l");
    assert_eq!(t.lines()[0].ordered, 2, "{}", t.status());

    let mut t = till();
    t.ring("4*VALVE");
    t.f(10);
    t.typed("f");
    assert_eq!(t.top_title(), "Fill all backorders");
    t.enter();
    assert_eq!(t.top_title(), "Fill all backorders");
    assert_eq!(t.lines()[0].backordered, 2);
}

// ---- 7. Esc in the tender keeps the tenders taken -----------------------------------------

#[test]
fn esc_in_the_tender_asks_before_dropping_tenders_taken() {
    let mut t = till();
    t.ring("30*SCREW");
    t.f(10);
    t.answer("100");
    assert_eq!(t.tender_remaining(), "50.00");
    t.esc();
    assert_eq!(t.top_title(), "confirm");
    t.enter();
    assert_eq!(t.top_title(), "tender", "Enter keeps paying");
    assert_eq!(t.tender_remaining(), "50.00");
    t.esc();
    t.esc();
    assert_eq!(t.tender_remaining(), "50.00", "Esc on the question is a no");
    t.esc();
    t.typed("y");
    t.assert_on_sale_screen();
    assert!(
        t.status().contains("hand back cash 100.00"),
        "{}",
        t.status()
    );
    t.f(10);
    assert_eq!(t.tender_remaining(), "150.00");
    // With nothing taken, Esc goes straight back.
    t.esc();
    t.assert_on_sale_screen();
}

// ---- 8. keys wait while the terminal is too small -----------------------------------------

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let mut t = till();
    t.ring("4*VALVE");
    t.f(10);
    assert_eq!(t.top_title(), "Backorders Found");
    let small = render(&t.app, 60, 15);
    assert!(small.contains("Please enlarge"), "{small}");
    t.typed("b");
    t.enter();
    t.esc();
    assert_eq!(t.top_title(), "Backorders Found", "no key acted");
    render(&t.app, 80, 24);
    t.typed("b");
    assert_eq!(t.top_title(), "customer search");

    // Ctrl-Q still acts (and still asks, with a sale on screen).
    t.esc();
    render(&t.app, 60, 15);
    t.ctrl('q');
    assert_eq!(t.top_title(), "confirm");
}

// ---- 9. number boxes say what they did, with their limits ----------------------------------

#[test]
fn number_boxes_say_what_they_did_and_their_limits() {
    let mut t = till();
    t.ring("3*TAPE");
    t.f(5);
    t.typed("1");
    t.enter();
    let status = t.status();
    assert!(
        status.contains("1 backordered by hand; 3 backordered in all"),
        "{status}"
    );
    assert_eq!(t.lines()[0].backordered, 3);

    // Letters and a minus are refused as they are typed, and named; the box keeps its
    // figure.
    t.f(9);
    t.typed("a");
    assert!(
        t.status()
            .contains("'a' is not part of a count: digits only"),
        "{}",
        t.status()
    );
    t.ctrl('u');
    t.typed("-");
    assert!(
        t.status().contains("'-' is not part of a count"),
        "{}",
        t.status()
    );
    let prompt: &ringup::app::number::NumberPrompt = t.app.top().unwrap();
    assert_eq!(prompt.input.value(), "");
    t.answer("0");
    assert!(t.status().contains("from 1 to"), "{}", t.status());
    t.answer("4");
    assert!(
        t.status().contains("Quantity ordered set to 4: 4 ordered"),
        "{}",
        t.status()
    );

    // F5 beyond the line names its own limit.
    t.f(5);
    t.answer("9");
    assert!(t.status().contains("from 0 to 4"), "{}", t.status());
}

// ---- 10. the audit says who approved, and nothing for a removed line -----------------------

#[test]
fn an_override_on_a_removed_line_is_not_audited() {
    let mut t = till_as("casey");
    t.ring("4*VALVE");
    t.f(6);
    t.typed("i");
    t.approve("morgan", common::till::MANAGER_PIN);
    assert_eq!(t.lines()[0].backordered, 0, "{}", t.status());
    t.ctrl('d');
    t.typed("y");
    t.ring("SCREW");
    t.f(10);
    t.enter();
    assert_eq!(t.invoice_count(), 1);
    let audit = t.audit();
    assert!(
        !audit.iter().any(|a| a.action.starts_with("override")),
        "{audit:?}"
    );
    t.assert_invariants();
}

#[test]
fn deliver_anyway_names_the_approving_manager_and_what_happened() {
    let mut t = till_as("casey");
    // 30 of 100 in stock, 3 backordered by hand (damaged shelf stock): deliver them anyway.
    t.ring("30*SCREW");
    t.f(5);
    t.answer("3");
    t.f(6);
    t.typed("i");
    if t.top_title() == "approval" {
        t.approve("morgan", common::till::MANAGER_PIN);
    }
    t.f(10);
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
    let audit = t.audit();
    let approved = audit
        .iter()
        .find(|a| a.action == "override_approved")
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert!(approved.detail.contains("approved by morgan"), "{audit:?}");
    assert!(approved.detail.contains("from stock"), "{audit:?}");
    assert!(!approved.detail.contains("beyond"), "{audit:?}");
    assert!(
        !audit.iter().any(|a| a.action == "override_ignore"),
        "nothing went beyond stock: {audit:?}"
    );
    assert_eq!(t.stock("SCREW"), (70, 0));
    // The approving manager has a column of her own; the clerk stays the user.
    let (user, approver): (String, Option<String>) = t
        .store()
        .conn()
        .query_row(
            "SELECT user_name, approved_by FROM audit_log WHERE action = 'override_approved'",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (user.as_str(), approver.as_deref()),
        ("casey", Some("morgan"))
    );
}

#[test]
fn deliver_anyway_beyond_stock_names_the_approving_manager_in_its_column() {
    let mut t = till_as("casey");
    // 2 VALVE on hand; 4 delivered anyway: 2 beyond stock, approved by morgan.
    t.ring("4*VALVE");
    t.f(6);
    t.typed("i");
    if t.top_title() == "approval" {
        t.approve("morgan", common::till::MANAGER_PIN);
    }
    t.f(10);
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
    let rows: Vec<(String, String, Option<String>)> = t
        .store()
        .conn()
        .prepare("SELECT action, user_name, approved_by FROM audit_log ORDER BY id")
        .unwrap()
        .query_map(params![], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ignore = rows
        .iter()
        .find(|(a, ..)| a == "override_ignore")
        .unwrap_or_else(|| panic!("{rows:?} / {}", t.status()));
    assert_eq!(
        (ignore.1.as_str(), ignore.2.as_deref()),
        ("casey", Some("morgan"))
    );
}

// ---- 11. customer search by digits; a new customer's account and credit limit --------------

#[test]
fn customer_search_matches_digits_in_phones_and_accounts() {
    let mut t = till();
    t.counter_mut()
        .store
        .create_customer(
            &NewCustomer {
                account: "C1009".into(),
                name: "Quill Roofing".into(),
                phone: "(555) 016-3000".into(),
                email: String::new(),
                credit_limit: common::money("0"),
                price_level_pct: rust_decimal::Decimal::ZERO,
            },
            "morgan",
            &[],
        )
        .unwrap();
    for (typed, who) in [
        ("1009", "Quill Roofing (C1009)"),
        ("5550163", "Quill Roofing (C1009)"),
        ("5550102", "Pat Walker (C2)"),
        ("555-0103", "Harbor Builders (C3)"),
    ] {
        t.bill_to(typed);
        assert_eq!(
            t.app.sale().customer.as_deref(),
            Some(who),
            "{typed}: {}",
            t.status()
        );
    }
}

#[test]
fn a_new_customer_gets_the_next_account_and_a_credit_limit() {
    let mut t = till();
    t.f(2);
    t.typed("Nora Quinn");
    t.ctrl('n');
    assert_eq!(t.top_title(), "customer form");
    // The next account is filled in; the form starts on the name, which came from the
    // search: Enter keeps it.
    t.enter();
    t.typed("555-0199");
    t.enter();
    t.enter();
    t.typed("250");
    t.enter();
    t.assert_on_sale_screen();
    assert_eq!(
        t.app.sale().customer.as_deref(),
        Some("Nora Quinn (C4)"),
        "{}",
        t.status()
    );
    let customer = t.store().require_customer("C4").unwrap();
    assert_eq!(customer.credit_limit, common::money("250.00"));
}

#[test]
fn percent_and_underscore_in_a_customer_search_are_plain_characters() {
    let mut t = till();
    t.counter_mut()
        .store
        .create_customer(
            &NewCustomer {
                account: "C5050".into(),
                name: "Fifty% Off Supply".into(),
                phone: String::new(),
                email: String::new(),
                credit_limit: common::money("0"),
                price_level_pct: rust_decimal::Decimal::ZERO,
            },
            "morgan",
            &[],
        )
        .unwrap();
    let store = &t.counter_mut().store;
    let names = |typed: &str| -> Vec<String> {
        store
            .search_customers(typed, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    assert_eq!(names("y% O"), ["Fifty% Off Supply"]);
    assert!(
        names("%").iter().all(|n| n.contains('%')),
        "{:?}",
        names("%")
    );
    assert!(names("_").is_empty(), "{:?}", names("_"));
}
