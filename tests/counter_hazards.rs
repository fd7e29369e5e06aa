//! Keys a hurried clerk presses that must never finish or change something by accident.

mod common;

use common::till::till_as;

#[test]
fn f10_twice_never_finishes_the_sale_as_exact_cash() {
    let mut t = till_as("casey");
    t.ring("SCREW");
    t.f(10);
    assert_eq!(t.top_title(), "tender");
    // The key that opened the tender does not also take it.
    t.f(10);
    assert_eq!(t.top_title(), "tender", "{}", t.status());
    assert_eq!(t.invoice_count(), 0);
    assert!(
        t.status().contains("Enter takes the 5.00 due as cash"),
        "{}",
        t.status()
    );
    // Enter does; F10 takes an amount typed.
    t.typed("2");
    t.f(10);
    assert_eq!(t.tender_remaining(), "3.00");
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
}

#[test]
fn a_refused_amount_is_refused_again_by_enter_alone() {
    let mut t = till_as("casey");
    t.ring("SCREW");
    t.f(10);
    // More card than is due is refused; Enter again refuses again, it never takes the 5.00.
    t.typed("k");
    t.typed("50");
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(t.invoice_count(), 0);
    // The next key replaces the refused entry.
    t.typed("5");
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
}

#[test]
fn f10_with_an_item_typed_but_not_rung_says_so_and_leaves_it() {
    let mut t = till_as("casey");
    t.ring("SCREW");
    t.typed("VALVE");
    t.f(10);
    assert_eq!(t.top_title(), "sale", "{}", t.status());
    assert!(
        t.status().contains("'VALVE' is typed but not rung"),
        "{}",
        t.status()
    );
    assert_eq!(t.app.entry(), "VALVE");
    t.enter();
    assert_eq!(t.lines().len(), 2);
    t.f(10);
    assert_eq!(t.top_title(), "tender");
}

#[test]
fn dropping_or_changing_a_named_customer_asks_and_an_empty_search_picks_no_one() {
    let mut t = till_as("casey");
    t.ring("2*SCREW");
    // Enter on the empty search picks no one, not the first in the list.
    t.f(2);
    t.enter();
    assert_eq!(t.top_title(), "customer search", "{}", t.status());
    assert_eq!(t.app.sale().customer, None);
    t.typed("Harbor");
    t.enter();
    assert_eq!(t.app.sale().bill_to(), "Harbor Builders (C3)");
    // Another customer asks; Enter keeps Harbor.
    t.bill_to("Walker");
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.enter();
    t.esc();
    assert_eq!(t.app.sale().bill_to(), "Harbor Builders (C3)");
    t.bill_to("Walker");
    t.typed("y");
    assert_eq!(t.app.sale().bill_to(), "Pat Walker (C2)");
    // ↓ then Enter picks from the list without typing.
    t.f(2);
    t.key(ratatui::crossterm::event::KeyCode::Down);
    t.enter();
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
}

#[test]
fn esc_in_the_approval_box_clears_it_and_a_second_esc_leaves() {
    let mut t = till_as("casey");
    t.ring("SCREW");
    t.ctrl('l');
    t.typed("2");
    t.tab();
    t.typed("damaged");
    t.enter();
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    t.typed("morgan");
    t.enter();
    t.typed("24");
    // Esc clears the box and keeps it open: what the manager types next lands here.
    t.key(ratatui::crossterm::event::KeyCode::Esc);
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(!screen.contains("morgan"), "{screen}");
    t.approve("morgan", common::till::MANAGER_PIN);
    assert_eq!(t.lines()[0].unit_price, "2.00", "{}", t.status());
    // On an empty box Esc leaves it.
    t.ctrl('l');
    t.typed("1");
    t.tab();
    t.typed("damaged");
    t.enter();
    assert_eq!(t.top_title(), "approval");
    t.esc();
    assert_ne!(t.top_title(), "approval");
}

#[test]
fn enter_on_the_prefilled_price_changes_nothing_and_a_price_far_above_the_catalog_asks() {
    let mut t = till_as("casey");
    // 3 valves: the break (3 for 25.00) makes 8.33 a unit.
    t.store().conn().execute(
        "UPDATE stock SET on_hand = 10 WHERE product_id = (SELECT id FROM products WHERE sku = 'VALVE')",
        ringup::store::params![],
    )
    .unwrap();
    t.ring("3*VALVE");
    let total = t.app.sale().totals.total.clone();
    t.ctrl('l');
    t.enter();
    assert_eq!(t.top_title(), "sale", "{}", t.status());
    assert!(t.status().contains("Price not changed"), "{}", t.status());
    assert_eq!(t.app.sale().totals.total, total, "the break still applies");
    assert_eq!(t.lines()[0].price_mark, "");
    // 999999.99 on a 10.00 valve asks; Enter is no.
    t.ctrl('l');
    t.typed("999999.99");
    t.tab();
    t.typed("fat finger");
    t.enter();
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.enter();
    assert_eq!(t.app.sale().totals.total, total);
    // The price is back under the cursor to correct; a little above (within 50%) is taken
    // without a question.
    t.typed("12.00");
    t.enter();
    t.enter();
    assert_eq!(t.lines()[0].unit_price, "12.00", "{}", t.status());
}

#[test]
fn on_the_command_line_a_price_far_above_the_catalogs_needs_yes() {
    let shop = common::cli::Sandbox::new().with_db("shop.db");
    let mut store = shop.store();
    common::load_catalog(&mut store);
    drop(store);
    let args = [
        "sale",
        "--item",
        "SCREW",
        "--price",
        "SCREW=999.00",
        "--reason",
        "typo",
        "--tender",
        "cash",
    ];
    let run = shop.run(&args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--price 'SCREW=999.00': 19880% above the catalog's price; add --yes"),
        "{}",
        run.stderr
    );
    let mut yes = args.to_vec();
    yes.push("--yes");
    let run = shop.run(&yes);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn stock_at_other_locations_is_on_screen_at_80_columns() {
    let mut t = till_as("casey");
    t.bill_to("Harbor");
    // Concrete: none at MAIN, 30 in the YARD.
    t.ring("2*CONC");
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        screen.contains("Stock: MAIN 0 after sale (0 now) · YARD 30"),
        "{screen}"
    );
    // Backorders Found says it too.
    t.f(10);
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        screen.contains("stock: MAIN 0 after sale (0 now) · YARD 30"),
        "{screen}"
    );
}

#[test]
fn quitting_with_money_taken_says_to_hand_it_back() {
    let mut t = till_as("casey");
    t.ring("2*SCREW");
    t.f(10);
    t.typed("1");
    t.enter();
    assert_eq!(t.tender_remaining(), "9.00");
    t.ctrl('q');
    assert_eq!(t.top_title(), "confirm");
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(screen.contains("Hand back the cash 1.00 taken"), "{screen}");
    t.enter();
    assert_eq!(t.top_title(), "tender", "Enter is no: {}", t.status());
    assert!(!t.app.should_quit());
}

#[test]
fn a_refused_item_entry_is_replaced_by_the_next_scan_not_appended_to() {
    let mut t = till_as("casey");
    t.typed("0*SCREW");
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(t.app.entry(), "0*SCREW", "kept, to read what was refused");
    // The next scan replaces it.
    t.ring("VALVE");
    assert_eq!(t.lines().len(), 1, "{}", t.status());
    assert_eq!(t.lines()[0].sku, "VALVE");
    assert_eq!(t.app.entry(), "");
}

#[test]
fn a_pin_typed_into_the_name_box_is_never_shown() {
    use common::screen::render;
    use common::till::{MANAGER_PIN, till_at_sign_in};
    // Found by the key property test: a clerk finishes a sale and signs out; the manager
    // types the PIN at once, into the name box.
    let mut t = till_at_sign_in(None);
    t.typed(MANAGER_PIN);
    let screen = render(&t.app, 80, 24);
    assert!(!screen.contains(MANAGER_PIN), "{screen}");
    assert!(screen.contains("User name: ••••••"), "{screen}");
    // Enter on digits alone clears them without asking the store.
    t.enter();
    assert!(
        t.status().contains("Digits in the user name box"),
        "{}",
        t.status()
    );
    assert!(!render(&t.app, 80, 24).contains(MANAGER_PIN));
    assert_eq!(t.top_title(), "sign-in");
    // In the approval box, a name with the PIN in it is not echoed by the refusal either.
    let mut t = till_as("casey");
    t.ring("SCREW");
    t.ctrl('l');
    t.typed("2");
    t.tab();
    t.typed("damaged");
    t.enter();
    assert_eq!(t.top_title(), "approval", "{}", t.status());
    t.typed(&format!("m{MANAGER_PIN}"));
    t.enter();
    t.typed("1");
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    assert!(t.status().contains("m••••••"), "{}", t.status());
    let screen = render(&t.app, 80, 24);
    assert!(!screen.contains(MANAGER_PIN), "{screen}");
}

#[test]
fn a_scan_in_the_pin_box_is_refused_and_never_counts_as_a_wrong_pin() {
    use common::till::{CLERK_PIN, till_at_sign_in};
    let mut t = till_at_sign_in(Some("casey"));
    // Three scans (a SKU, a long barcode) would lock casey out if they counted.
    for scan in ["SCREW", "PLB-DOPE-4", "0123456789012"] {
        t.ring(scan);
        assert!(t.status_is_error(), "{}", t.status());
        assert!(t.status().contains("nothing was counted"), "{}", t.status());
        assert_eq!(t.top_title(), "sign-in");
    }
    t.ring(CLERK_PIN);
    assert!(t.status().contains("Signed in as casey"), "{}", t.status());
    assert_eq!(
        t.count("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed'"),
        0
    );
}

/// The last row of the screen at 80×24.
fn footer_at_80(t: &common::till::Till) -> String {
    let screen = common::screen::render(&t.app, 80, 24);
    screen.lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_footer_at_80_columns_shows_the_keys_of_the_moment_then_f1_more() {
    let mut t = till_as("casey");
    // An empty sale: what starts the next piece of work.
    let footer = footer_at_80(&t);
    for hint in [
        "Ctrl-R Recall",
        "Ctrl-T Return",
        "Ctrl-A On acct",
        "Ctrl-O No sale",
    ] {
        assert!(footer.contains(hint), "{footer}");
    }
    assert!(!footer.contains("Total"), "{footer}");
    assert!(footer.ends_with("F1 more"), "{footer}");
    // A sale on screen: finishing it and changing its lines.
    t.ring("SCREW");
    let footer = footer_at_80(&t);
    for hint in [
        "F10 Total",
        "F9 Qty",
        "Ctrl-D Remove",
        "Ctrl-K Park",
        "Ctrl-X Void",
    ] {
        assert!(footer.contains(hint), "{footer}");
    }
    assert!(!footer.contains("Recall"), "{footer}");
    assert!(footer.ends_with("F1 more"), "{footer}");
    assert!(footer.chars().count() <= 80);
}

#[test]
fn questions_and_messages_are_never_cut_at_80_columns() {
    let mut t = till_as("morgan");
    t.bill_to("Walker");
    t.ring("20*SCREW");
    t.f(10);
    t.typed("a");
    t.enter();
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    let screen = common::screen::render(&t.app, 80, 24);
    let question: &ringup::app::confirm::Confirm = t.app.top().unwrap();
    let words: String = screen
        .lines()
        .filter(|l| l.contains('│'))
        .map(|l| l.trim_matches(|c: char| c == ' ' || c == '│').trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains(&question.question),
        "{}\n{screen}",
        question.question
    );
    assert!(screen.contains("Enter: no"), "{screen}");
    // A long message wraps above the footer.
    t.esc();
    t.esc();
    t.ring("TAPE");
    t.f(10);
    t.typed("cr");
    t.enter();
    let status = t.status();
    assert!(status.chars().count() > 80, "{status}");
    let screen = common::screen::render(&t.app, 80, 24);
    let flat = screen.lines().collect::<Vec<_>>().join(" ");
    let tail: String = status
        .chars()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(flat.contains(tail.trim()), "{status}\n{screen}");
}

#[test]
fn esc_on_a_form_with_typed_data_asks_before_throwing_it_away() {
    let mut t = till_as("casey");
    t.f(2);
    t.ctrl('n');
    assert_eq!(t.top_title(), "customer form");
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        screen.contains("▸ Name"),
        "the field with the keyboard is marked: {screen}"
    );
    // Nothing typed yet: Esc leaves at once.
    t.esc();
    assert_eq!(t.top_title(), "customer search");
    t.ctrl('n');
    t.typed("Nora Quinn");
    t.esc();
    assert_eq!(t.top_title(), "customer form", "{}", t.status());
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(screen.contains("Esc or y: yes · Enter: no"), "{screen}");
    // Enter is no: nothing thrown away, nothing saved.
    t.enter();
    assert_eq!(t.top_title(), "customer form", "{}", t.status());
    assert!(common::screen::render(&t.app, 80, 24).contains("Nora Quinn"));
    // A second Esc leaves; so does y.
    t.esc();
    t.esc();
    assert_eq!(t.top_title(), "customer search", "{}", t.status());
    t.ctrl('n');
    t.typed("Nora");
    t.esc();
    t.typed("y");
    assert_eq!(t.top_title(), "customer search", "{}", t.status());
    assert_eq!(
        t.count("SELECT count(*) FROM customers WHERE name LIKE 'Nora%'"),
        0
    );
}

#[test]
fn the_customer_search_and_the_tender_show_what_the_customer_owes_and_has_left() {
    let mut t = till_as("morgan");
    // Pat Walker (limit 50.00) takes 20.00 on account.
    t.bill_to("Walker");
    t.ring("4*SCREW");
    t.f(10);
    t.typed("a");
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
    // The search shows it with the customer, read by the search itself.
    t.f(2);
    t.typed("Walker");
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(screen.contains("owes     20.00"), "{screen}");
    assert!(
        screen.contains("Pat Walker (C2): owes 20.00 · limit 50.00 · 30.00 left"),
        "{screen}"
    );
    t.enter();
    t.ring("SCREW");
    // The tender shows it too, with no read of its own.
    let before = t.store().conn().statements();
    t.f(10);
    assert_eq!(t.store().conn().statements() - before, 0);
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        screen.contains("Account: owes 20.00 · limit 50.00 · 30.00 left"),
        "{screen}"
    );
    // What is taken on account here counts.
    t.typed("a");
    t.typed("2");
    t.enter();
    let screen = common::screen::render(&t.app, 80, 24);
    assert!(
        screen.contains("Account: owes 22.00 · limit 50.00 · 28.00 left"),
        "{screen}"
    );
}

#[test]
fn whole_skus_in_the_item_search_and_the_parked_list_and_the_whole_description_below() {
    use common::screen::render;
    let mut store = common::store();
    let csv = "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class\n\
               PLB-PEX-A-050-RED-100FT,,PEX-A pipe 1/2in red 100ft coil with oxygen barrier for radiant heat,89.00,,5,MAIN,0,0,,standard\n";
    store
        .import_products(csv.as_bytes(), &common::import_rules())
        .unwrap();
    let mut t = common::till::till_over(store, "casey", tempfile::TempDir::new().unwrap(), |_| {});
    t.f(3);
    t.typed("pex");
    let screen = render(&t.app, 80, 24);
    assert!(screen.contains("PLB-PEX-A-050-RED-100FT"), "{screen}");
    t.enter();
    assert_eq!(t.lines().len(), 1, "{}", t.status());
    // The line under the cursor: its whole description, over the spare row if need be.
    let screen = render(&t.app, 80, 24);
    let below: String = screen
        .lines()
        .skip_while(|l| !l.starts_with("Line 1 of 1"))
        .take(2)
        .map(|l| l.split('│').next().unwrap_or_default().trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        below.ends_with("PEX-A pipe 1/2in red 100ft coil with oxygen barrier for radiant heat"),
        "{screen}"
    );
    assert!(screen.contains("Stock: MAIN"), "{screen}");
    // Parked and listed again: the SKU whole.
    t.ctrl('k');
    t.ctrl('r');
    assert_eq!(t.top_title(), "parked", "{}", t.status());
    let screen = render(&t.app, 80, 24);
    assert!(screen.contains("PLB-PEX-A-050-RED-100FT"), "{screen}");
}

/// The value of a form's field on top.
fn form_field(t: &common::till::Till, field: usize) -> String {
    let form: &ringup::app::form::Form = t.app.top().expect("a form on top");
    form.fields[field].value().to_string()
}

#[test]
fn quantity_boxes_refuse_letters_and_minus_key_by_key_and_a_refused_entry_is_replaced() {
    let mut t = till_as("morgan");
    // Receive: a letter never goes in; `-` only leads (a count correction).
    t.f(8);
    t.typed("r");
    t.typed("VALVE");
    t.enter();
    t.typed("3x");
    assert!(
        t.status().contains("'x' is not part of a quantity"),
        "{}",
        t.status()
    );
    t.typed("-");
    assert_eq!(form_field(&t, 1), "3");
    // A refused quantity stays, selected: the next key replaces it.
    t.answer("0");
    t.enter();
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    let form: &ringup::app::form::Form = t.app.top().unwrap();
    assert_eq!(form.field, 1, "the refused field has the cursor");
    t.typed("4");
    assert_eq!(form_field(&t, 1), "4");
    t.esc();
    t.esc();
    t.esc();
    // Transfer: no `-` at all.
    t.f(8);
    t.typed("t");
    t.typed("VALVE");
    t.enter();
    t.typed("-2");
    assert_eq!(form_field(&t, 1), "2");
}

#[test]
fn an_empty_no_sale_reason_is_refused_by_its_name() {
    let mut t = till_as("casey");
    t.ctrl('o');
    t.enter();
    assert!(t.status_is_error(), "{}", t.status());
    assert!(t.status().starts_with("Reason: type why"), "{}", t.status());
    assert_eq!(t.top_title(), "form: No sale: open the drawer");
}

#[test]
fn the_return_speaks_the_screens_words_and_keeps_a_refused_quantity_selected() {
    let mut t = till_as("morgan");
    t.ring("3*SCREW");
    t.f(10);
    t.enter();
    assert_eq!(t.invoice_count(), 1, "{}", t.status());
    t.ctrl('t');
    t.ring("1");
    t.typed("5");
    t.f(10);
    assert!(t.status_is_error(), "{}", t.status());
    assert_eq!(
        t.status(),
        "SCREW: 5 coming back is more than the 3 left to return"
    );
    assert_eq!(t.top_title(), "return");
    // The next key replaces the refused 5.
    t.typed("2");
    let ret: &ringup::app::returns::ReturnGoods = t.app.top().unwrap();
    assert_eq!(ret.qty[0].value(), "2");
    t.f(10);
    assert_eq!(t.top_title(), "confirm", "{}", t.status());
    t.esc();
    t.esc();
    // Without an invoice: a refused item stays, selected, and the next scan replaces it.
    t.ctrl('t');
    t.enter();
    assert_eq!(t.top_title(), "return without invoice", "{}", t.status());
    t.ring("NOPE");
    assert!(t.status_is_error(), "{}", t.status());
    let ret: &ringup::app::return_items::ReturnItems = t.app.top().unwrap();
    assert_eq!(ret.code.value(), "NOPE", "kept, to read what was refused");
    assert!(ret.selected);
    t.ring("SCREW");
    assert!(!t.status_is_error(), "{}", t.status());
}

#[test]
fn a_pin_in_the_name_box_reached_by_an_arrow_is_never_checked_nor_audited() {
    use common::till::{MANAGER_PIN, till_at_sign_in};
    let mut t = till_at_sign_in(None);
    t.typed(MANAGER_PIN);
    t.key(ratatui::crossterm::event::KeyCode::Down);
    t.typed("1");
    t.enter();
    assert!(
        t.status().contains("Digits in the user name box"),
        "{}",
        t.status()
    );
    assert_eq!(t.count("SELECT count(*) FROM audit_log"), 0);
    assert!(!common::screen::render(&t.app, 80, 24).contains(MANAGER_PIN));
}
