//! The plan of a return: what comes back, what goes back and the words of its audit rows.

use super::plan::{PickError, ReturnPlan, ReturnSource, ReturnableLine};
use super::{DeliveredLine, Refund};
use crate::domain::Money;
use crate::domain::policy::Operation;
use crate::domain::pricing::Basis;
use crate::domain::tender::TenderKind;

fn m(text: &str) -> Money {
    Money::parse(text).unwrap()
}

/// A line that handed over `delivered` units charged 10.00 each with 1.00 tax each.
fn line(line_no: i64, sku: &str, delivered: u32, returned: u32) -> ReturnableLine {
    ReturnableLine {
        line_no,
        product_id: 100 + line_no,
        sku: sku.into(),
        description: format!("{sku} thing"),
        unit_price: m("10.00"),
        delivered,
        returned,
        charge: DeliveredLine {
            prices: None,
            basis: Basis::Split,
            ordered: delivered,
            delivered_before: 0,
            delivered,
            charged: m("10.00").times(i64::from(delivered)),
            tax: m("1.00").times(i64::from(delivered)),
        },
    }
}

/// Invoice 12, paid by card, of 3 VALVE (1 back already) and 2 TAPE.
fn invoice(account: Option<&str>) -> ReturnSource {
    ReturnSource {
        invoice: Some(12),
        customer_id: account.map(|_| 5),
        account: account.map(String::from),
        tax_included: false,
        lines: vec![line(1, "VALVE", 3, 1), line(2, "TAPE", 2, 0)],
        tenders: vec![(TenderKind::Card, m("55.00"))],
    }
}

#[test]
fn a_return_of_an_invoice_gives_back_each_picks_refund_line_by_line() {
    let plan = ReturnPlan::of(&invoice(None), &[(2, 1), (1, 2)], TenderKind::Cash, false).unwrap();
    assert_eq!(plan.goods.to_string(), "30.00");
    assert_eq!(plan.tax.to_string(), "3.00");
    assert_eq!(plan.total.to_string(), "33.00");
    assert_eq!(
        plan.operation,
        Operation::Return {
            linked: true,
            refund: m("33.00"),
            refund_by: TenderKind::Cash,
            paid_by: TenderKind::Card,
        }
    );
    let [tape, valve] = &plan.lines[..] else {
        panic!("{plan:?}")
    };
    assert_eq!((tape.line_no, tape.product_id, tape.units), (1, 102, 1));
    assert_eq!(tape.from_line, Some(2));
    assert_eq!(
        (tape.sku.as_str(), tape.description.as_str()),
        ("TAPE", "TAPE thing")
    );
    assert_eq!(tape.unit_price, m("10.00"));
    assert_eq!(
        tape.refund,
        Refund {
            goods: m("10.00"),
            tax: m("1.00")
        }
    );
    assert_eq!(
        tape.detail,
        "returned 1 of TAPE from invoice 12 line 2 (to stock), 11.00 back by cash"
    );
    assert_eq!(
        (valve.line_no, valve.units, valve.from_line),
        (2, 2, Some(1))
    );
}

#[test]
fn goods_without_an_invoice_come_back_at_todays_price_and_say_so() {
    let mut source = invoice(None);
    source.invoice = None;
    source.tax_included = true;
    let plan = ReturnPlan::of(&source, &[(2, 2)], TenderKind::Cash, true).unwrap();
    // Prices include the tax: the refund is the goods' amount as it is.
    assert_eq!(plan.total.to_string(), "20.00");
    assert_eq!(plan.lines[0].from_line, None);
    assert_eq!(
        plan.lines[0].detail,
        "returned 2 of TAPE from no invoice, at today's price (damaged), 20.00 back by cash"
    );
    assert!(matches!(
        plan.operation,
        Operation::Return { linked: false, .. }
    ));
}

#[test]
fn a_refund_to_an_account_needs_a_sale_that_had_one() {
    for account in [None, Some("  ")] {
        let refused = ReturnPlan::of(&invoice(account), &[(1, 1)], TenderKind::Account, false);
        assert_eq!(
            refused,
            Err(PickError {
                field: "refund",
                value: "account".into(),
                reason: "invoice 12 was a cash sale; refund in cash or to a card".into(),
            })
        );
    }
    let plan = ReturnPlan::of(&invoice(Some("C1")), &[(1, 1)], TenderKind::Account, false);
    assert!(plan.is_ok(), "{plan:?}");
}

#[test]
fn a_pick_must_name_a_line_once_with_units_left() {
    let source = invoice(None);
    let refused = |picks: &[(i64, u32)]| {
        ReturnPlan::of(&source, picks, TenderKind::Cash, false)
            .unwrap_err()
            .field
    };
    assert_eq!(refused(&[(9, 1)]), "line");
    assert_eq!(refused(&[(1, 1), (1, 1)]), "line");
    assert_eq!(
        refused(&[(1, 3)]),
        "qty",
        "one of the three is back already"
    );
    assert_eq!(refused(&[]), "lines");
    assert!(ReturnPlan::of(&source, &[(1, 2)], TenderKind::Cash, false).is_ok());
}

#[test]
fn a_line_has_left_what_it_delivered_less_what_came_back() {
    assert_eq!(line(1, "VALVE", 3, 1).left(), 2);
    assert_eq!(line(1, "VALVE", 3, 3).left(), 0);
    assert_eq!(line(1, "VALVE", 3, 5).left(), 0, "never below zero");
}

#[test]
fn a_sku_names_its_first_line_with_units_left_else_its_first_line() {
    let mut source = invoice(None);
    source.lines = vec![
        line(1, "VALVE", 2, 2),
        line(2, "TAPE", 1, 0),
        line(3, "VALVE", 4, 1),
    ];
    assert_eq!(source.line_for_sku("valve").map(|l| l.line_no), Some(3));
    source.lines[2].returned = 4;
    assert_eq!(source.line_for_sku("VALVE").map(|l| l.line_no), Some(1));
    assert!(source.line_for_sku("SCREW").is_none());
    // Every line in full, with what it has left: a return without an invoice takes it all.
    assert_eq!(source.all_lines(), [(1, 0), (2, 1), (3, 0)]);
    assert_eq!(source.label(), "invoice 12");
    source.invoice = None;
    assert_eq!(source.label(), "no invoice");
}

/// `qty` of a product rung at the counter for a return without an invoice.
fn rung(product_id: i64, sku: &str, qty: u32) -> crate::domain::sale::SaleLine {
    crate::domain::sale::SaleLine {
        product_id,
        sku: sku.into(),
        description: format!("{sku} thing"),
        tax_class: "standard".into(),
        prices: crate::domain::pricing::PriceList::new(m("10.00"), Vec::new()),
        tax_rate: rust_decimal::Decimal::from(10),
        ordered: qty,
        held_back: 0,
        manual_backorder: 0,
        overrides: Vec::new(),
        adjust: Default::default(),
        available: 0,
        elsewhere: Vec::new(),
    }
}

#[test]
fn goods_without_an_invoice_are_one_line_a_product_at_todays_price() {
    let customer = crate::domain::Customer {
        id: 5,
        account: "C1".into(),
        name: "Dunmore Plumbing".into(),
        phone: String::new(),
        email: String::new(),
        credit_limit: m("0"),
        price_level_pct: rust_decimal::Decimal::ZERO,
    };
    let source = super::unlinked_source(
        Some(&customer),
        vec![rung(7, "VALVE", 2), rung(8, "TAPE", 1), rung(7, "VALVE", 1)],
        false,
    );
    assert_eq!(source.invoice, None);
    assert_eq!(
        (source.customer_id, source.account.as_deref()),
        (Some(5), Some("C1"))
    );
    let lines: Vec<(i64, i64, u32, u32)> = source
        .lines
        .iter()
        .map(|l| (l.line_no, l.product_id, l.delivered, l.returned))
        .collect();
    assert_eq!(lines, [(1, 7, 3, 0), (2, 8, 1, 0)]);
    assert_eq!(source.lines[0].unit_price, m("10.00"));
    // All three valves back: today's price of three, with today's tax.
    let plan = ReturnPlan::of(&source, &[(1, 3)], TenderKind::Cash, false).unwrap();
    assert_eq!(
        (plan.goods, plan.tax, plan.total),
        (m("30.00"), m("3.00"), m("33.00"))
    );
    let cash = super::unlinked_source(None, vec![rung(8, "TAPE", 1)], true);
    assert_eq!((cash.customer_id, cash.account), (None, None));
    assert!(cash.tax_included);
}
