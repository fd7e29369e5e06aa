//! What the counter's documents tell the customer, rung with real keys: what a sale paid when
//! the goods arrive will cost then, a quote's tax, total and last valid day, a final
//! invoice's unit prices and the deposit it leaves, and the units a refund cancelled.

mod common;

use common::till::{Till, till_over};
use common::{money, store};
use rust_decimal::Decimal;

/// A till as morgan with standard-rate goods taxed at 10%.
fn taxed_till() -> Till {
    till_over(store(), "morgan", tempfile::TempDir::new().unwrap(), |c| {
        c.tax.rates.insert("standard".into(), Decimal::new(10, 0));
    })
}

/// The figure at the end of the receipt row that starts with `label` (after its indent).
fn figure<'a>(receipt: &'a str, label: &str) -> &'a str {
    receipt
        .lines()
        .find(|r| r.trim_start().starts_with(label))
        .and_then(|r| r.split_whitespace().last())
        .unwrap_or_else(|| panic!("no '{label}' row:\n{receipt}"))
}

/// The receipt of invoice `number` at 42 columns, kept as first printed.
fn receipt_of(t: &mut Till, number: i64) -> String {
    let section = common::config().store;
    ringup::present::receipt::invoice_receipt(&mut t.counter_mut().store, number, 42, &section)
        .unwrap()
}

/// One VALVE received (F8 r) and filled into order 1, then the order's committed units
/// converted to a final invoice with nothing more to pay; its receipt.
fn fill_one_valve_and_convert(t: &mut Till) -> String {
    t.receive("VALVE", "1");
    t.typed("f");
    assert_eq!(t.top_title(), "text: Filled");
    t.esc();
    t.esc();
    t.assert_on_sale_screen();
    let rules = t.counter().config.order_rules();
    let zero = ringup::domain::Money::ZERO.round();
    let invoice = t
        .counter_mut()
        .store
        .convert_to_invoice(1, "morgan", &[], zero, &rules, &[])
        .unwrap();
    receipt_of(t, invoice)
}

fn quote(t: &Till, number: i64) -> String {
    let path = t.dir.path().join(format!("receipts/quote-{number:06}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_sale_paid_when_the_goods_arrive_says_what_is_owed_then_and_for_which_units() {
    let mut t = taxed_till();
    // 4 valves at 10.00, 3 for 25.00, 2 on the shelf: 2 delivered now for 18.34 (the split
    // rule), the other 2 cost 16.66 + 1.67 tax when they come.
    t.ring_order("Dunmore", "4*VALVE", "r");
    let receipt = t.receipt(1);
    assert_eq!(figure(&receipt, "2 of 4 @ 10.00"), "18.34", "{receipt}");
    assert_eq!(figure(&receipt, "to pay for 2 when here"), "18.33");
    assert_eq!(figure(&receipt, "To pay when 2 arrive"), "18.33");
    assert_eq!(figure(&receipt, "TOTAL"), "20.17");
    assert!(!receipt.contains("Deposit"), "{receipt}");
    for row in receipt.lines() {
        assert!(row.chars().count() <= 42, "'{row}'");
    }
    // Prepaid (none on the shelf now), the units are a deposit and nothing is owed later.
    t.ring_order("Dunmore", "4*VALVE", "i");
    let prepaid = t.receipt(2);
    assert!(!prepaid.contains("To pay"), "{prepaid}");
    assert_eq!(figure(&prepaid, "deposit for 4"), "35.00", "{prepaid}");
    t.assert_invariants();
}

#[test]
fn a_quote_shows_its_tax_its_total_and_its_last_valid_day() {
    let mut t = taxed_till();
    t.counter_mut().config.quotes.valid_days = 14;
    t.bill_to("Dunmore");
    t.ring("3*SCREW");
    t.ring("CONC");
    t.ctrl('e');
    assert!(t.status().contains("Quote 1 printed"), "{}", t.status());
    let printed = quote(&t, 1);
    // SCREW is standard (10%), CONC exempt.
    assert_eq!(figure(&printed, "Subtotal"), "21.00", "{printed}");
    assert_eq!(figure(&printed, "Tax"), "1.50", "{printed}");
    assert_eq!(figure(&printed, "TOTAL"), "22.50", "{printed}");
    let last_day = t
        .store()
        .today()
        .checked_add(jiff::Span::new().days(14))
        .unwrap();
    assert!(
        printed.contains(&format!("Valid until {last_day}.")),
        "{printed}"
    );
    let said = format!("2 line(s), 22.50 with tax, valid until {last_day}");
    assert!(t.status().contains(&said), "{}", t.status());
    for row in printed.lines() {
        assert!(row.chars().count() <= 42, "'{row}'");
    }
    // The quote's figures are kept: listed as printed, and printed again the same.
    let kept = t.store().quote(1).unwrap().unwrap();
    let terms = kept.terms.as_ref().unwrap();
    assert_eq!((terms.tax, terms.due), (money("1.50"), money("22.50")));
    assert_eq!(terms.valid_until, last_day.to_string());
    t.assert_invariants();
}

#[test]
fn a_final_invoice_shows_unit_prices_and_the_deposit_the_order_still_holds() {
    let mut t = taxed_till();
    // 4 valves prepaid with 2 on the shelf: the order holds 18.33 for 2.
    t.ring_order("Dunmore", "4*VALVE", "i");
    let deposit = t.store().order(1).unwrap().unwrap().deposit;
    assert_eq!(deposit, money("18.33"));
    let text = fill_one_valve_and_convert(&mut t);
    assert!(text.starts_with("                  "), "{text}");
    let delivered = figure(&text, "1 of 4 @ 10.00");
    assert!(!delivered.is_empty(), "{text}");
    let held = t.store().deposit_held(1).unwrap();
    assert_eq!(figure(&text, "Deposit still held"), held.to_string());
    assert!(held > ringup::domain::Money::ZERO, "{text}");
    t.assert_invariants();
}

#[test]
fn a_refund_slip_says_how_many_units_were_cancelled() {
    let mut t = taxed_till();
    t.ring_order("Dunmore", "4*VALVE", "i");
    let rules = t.counter().config.order_rules();
    let done = t
        .counter_mut()
        .store
        .cancel_backorder(
            1,
            1,
            Some(1),
            Some(ringup::domain::tender::TenderKind::Cash),
            "morgan",
            &rules,
            &[],
        )
        .unwrap();
    let refund = done.refund_invoice.unwrap();
    let text = receipt_of(&mut t, refund);
    let row = text
        .lines()
        .find(|r| r.trim_start().starts_with("1 cancelled, deposit back"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.ends_with(&figure(&text, "REFUND").to_string()),
        "{text}"
    );
    t.assert_invariants();
}

#[test]
fn the_last_fill_says_when_its_tax_was_moved_to_meet_the_deposit() {
    let mut t = taxed_till();
    t.ring("2*VALVE");
    t.f(10);
    t.enter();
    t.assert_on_sale_screen();
    // 3 valves for 25.00 + 2.50 tax prepaid; they come one at a time: 8.33, 8.33 and 8.34,
    // each taxed 0.83, so the last takes 0.84 and the fills come to the deposit's 27.50.
    t.ring_order("Dunmore", "3*VALVE", "i");
    let receipts: Vec<String> = (0..3).map(|_| fill_one_valve_and_convert(&mut t)).collect();
    assert!(!receipts[0].contains("tax adjusted"), "{}", receipts[0]);
    assert!(!receipts[1].contains("tax adjusted"), "{}", receipts[1]);
    let last = &receipts[2];
    assert_eq!(figure(last, "Tax"), "0.84", "{last}");
    assert!(
        last.lines()
            .any(|r| r.trim() == "tax adjusted by 0.01 to the deposit"),
        "{last}"
    );
    assert_eq!(figure(last, "Deposit still held"), "0.00", "{last}");
    t.assert_invariants();
}

#[test]
fn a_void_slip_says_what_the_deposit_paid_for_the_units_kept() {
    let mut t = taxed_till();
    // 4 valves prepaid, 2 delivered for 18.34 + 1.83; 18.33 held for the other 2.
    t.ring_order("Dunmore", "4*VALVE", "i");
    let rules = t.counter().config.order_rules();
    let done = t
        .counter_mut()
        .store
        .void_order(
            1,
            Some(ringup::domain::tender::TenderKind::Cash),
            "morgan",
            &rules,
            &[],
        )
        .unwrap();
    // The 2 kept cost 20.00 alone: the deposit pays the 1.66 (+ 0.17 tax) they lacked.
    assert_eq!(done.refund, money("16.50"));
    let text = receipt_of(&mut t, done.refund_invoice.unwrap());
    assert_eq!(
        figure(&text, "2 cancelled, deposit back"),
        "16.50",
        "{text}"
    );
    assert_eq!(figure(&text, "units kept, priced alone"), "1.83", "{text}");
    assert_eq!(figure(&text, "REFUND"), "16.50", "{text}");
    assert_eq!(t.store().deposit_held(1).unwrap(), money("0.00"));
    t.assert_invariants();
}
