//! The sale aggregate's rules, with no store: lines are built by hand.

use rust_decimal::Decimal;

use super::*;
use crate::domain::Customer;
use crate::domain::pricing::{Basis, PriceBreak, PriceList};
use crate::domain::tender::{TenderError, TenderKind};

pub(super) fn m(text: &str) -> Money {
    Money::parse(text).unwrap()
}

pub(super) fn rules() -> Rules {
    Rules {
        allow_on_invoice: true,
        basis: Basis::Split,
        prices_include_tax: false,
    }
}

pub(super) fn line(sku: &str, product_id: i64, ordered: u32, available: i64) -> SaleLine {
    SaleLine {
        product_id,
        sku: sku.into(),
        description: format!("{sku} thing"),
        tax_class: "standard".into(),
        prices: PriceList::new(m("10.00"), Vec::new()),
        tax_rate: Decimal::ZERO,
        ordered,
        held_back: 0,
        manual_backorder: 0,
        overrides: Vec::new(),
        adjust: Default::default(),
        available,
        elsewhere: Vec::new(),
    }
}

fn customer(limit: &str) -> Customer {
    Customer {
        id: 1,
        account: "C1".into(),
        name: "Dunmore Plumbing".into(),
        phone: String::new(),
        email: String::new(),
        credit_limit: m(limit),
        price_level_pct: Decimal::ZERO,
    }
}

fn sale_of(lines: Vec<SaleLine>) -> Sale {
    Sale {
        lines,
        ..Sale::new(Payment::WhenReceived)
    }
}

#[test]
fn the_same_product_again_adds_to_its_line() {
    let mut sale = Sale::default();
    assert_eq!(sale.add(line("VALVE", 7, 2, 5), &rules()), Ok(0));
    assert_eq!(sale.add(line("TAPE", 8, 1, 5), &rules()), Ok(1));
    assert_eq!(sale.add(line("VALVE", 7, 3, 4), &rules()), Ok(0));
    assert_eq!(sale.lines[0].ordered, 5);
    assert_eq!(sale.lines[0].available, 4, "availability read afresh");
    assert_eq!(sale.lines.len(), 2);
}

#[test]
fn without_backorders_no_more_than_is_available_is_rung() {
    let rules = Rules {
        allow_on_invoice: false,
        ..rules()
    };
    let mut sale = Sale::default();
    let err = sale.add(line("VALVE", 7, 3, 2), &rules).unwrap_err();
    assert_eq!(
        err,
        SaleError::NotEnoughStock {
            sku: "VALVE".into(),
            available: 2
        }
    );
    assert!(sale.lines.is_empty());
}

#[test]
fn quantities_stay_within_one_to_a_million() {
    let mut sale = sale_of(vec![line("VALVE", 7, 2, 5)]);
    assert_eq!(
        sale.set_quantity(0, 0, 5, &rules()),
        Err(SaleError::QuantityOutOfRange(0))
    );
    assert_eq!(
        sale.set_quantity(0, MAX_QTY + 1, 5, &rules()),
        Err(SaleError::QuantityOutOfRange(MAX_QTY + 1))
    );
    assert_eq!(sale.set_quantity(3, 1, 5, &rules()), Err(SaleError::NoLine));
    assert_eq!(sale.lines[0].ordered, 2);
}

#[test]
fn a_smaller_quantity_shrinks_what_is_held_and_backordered() {
    let mut sale = sale_of(vec![line("VALVE", 7, 6, 10)]);
    sale.customer = Some(customer("0"));
    sale.hold_back(0, 3).unwrap();
    sale.set_backordered(0, 3).unwrap();
    sale.set_quantity(0, 4, 10, &rules()).unwrap();
    assert_eq!(
        (sale.lines[0].held_back, sale.lines[0].manual_backorder),
        (3, 1)
    );
}

#[test]
fn hold_back_needs_a_customer_and_stock() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 2)]);
    assert_eq!(sale.hold_back(0, 1), Err(SaleError::HoldBackNeedsCustomer));
    sale.customer = Some(customer("0"));
    assert_eq!(
        sale.hold_back(0, 3),
        Err(SaleError::HoldBackTooMany {
            sku: "VALVE".into(),
            requested: 3,
            can: 2
        })
    );
    sale.hold_back(0, 2).unwrap();
    let outcome = sale.lines[0].outcome(&rules());
    assert_eq!(
        (outcome.delivered, outcome.held_back, outcome.backordered),
        (0, 2, 2)
    );
    assert!(sale.needs_order(&rules()));
}

#[test]
fn manual_backorder_is_at_most_what_is_not_held_back() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 10)]);
    sale.customer = Some(customer("0"));
    sale.hold_back(0, 1).unwrap();
    assert_eq!(
        sale.set_backordered(0, 4),
        Err(SaleError::BackorderTooMany {
            sku: "VALVE".into(),
            requested: 4,
            can: 3
        })
    );
    sale.set_backordered(0, 3).unwrap();
    assert_eq!(sale.backordered(0, &rules()), 3);
}

#[test]
fn a_cash_sale_holds_nothing_back_after_a_bill_to_change() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 10)]);
    sale.customer = Some(customer("0"));
    sale.hold_back(0, 2).unwrap();
    sale.set_backordered(0, 1).unwrap();
    let repriced = vec![line("VALVE", 7, 4, 10)];
    sale.set_customer(None, repriced);
    assert_eq!(sale.customer, None);
    assert_eq!(
        (sale.lines[0].held_back, sale.lines[0].manual_backorder),
        (0, 1)
    );
}

#[test]
fn override_ignore_delivers_the_backordered_units_when_allowed() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 1)]);
    let refused = NegativeStock {
        allowed: false,
        approved: false,
    };
    assert_eq!(
        sale.override_ignore(0, "morgan", refused, &rules()),
        Err(SaleError::NegativeNeedsManager)
    );
    let approved = NegativeStock {
        approved: true,
        ..refused
    };
    assert_eq!(sale.override_ignore(0, "morgan", approved, &rules()), Ok(3));
    assert_eq!(sale.backordered(0, &rules()), 0);
    assert_eq!(
        sale.override_ignore(0, "morgan", approved, &rules()),
        Err(SaleError::NothingBackordered)
    );
    assert_eq!(sale.audit.len(), 1);
    assert!(
        sale.audit[0]
            .1
            .contains("approved by morgan: deliver 3 of VALVE anyway (3 beyond the 1 in stock)")
    );
}

#[test]
fn an_override_on_a_removed_line_is_not_audited() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 1), line("TAP", 8, 2, 0)]);
    let approved = NegativeStock {
        allowed: false,
        approved: true,
    };
    sale.override_ignore(0, "morgan", approved, &rules())
        .unwrap();
    sale.override_ignore(1, "morgan", approved, &rules())
        .unwrap();
    assert_eq!(sale.audit.len(), 2);
    sale.remove(0);
    assert_eq!(sale.audit.len(), 1);
    assert!(sale.audit[0].1.contains("of TAP"), "{:?}", sale.audit);
}

#[test]
fn ignoring_a_manual_backorder_in_stock_delivers_from_stock() {
    // 30 ordered, 34 in stock, 3 backordered by hand (damaged shelf stock, say).
    let mut sale = sale_of(vec![line("VALVE", 7, 30, 34)]);
    sale.set_backordered(0, 3).unwrap();
    let refused = NegativeStock {
        allowed: false,
        approved: false,
    };
    assert_eq!(sale.override_ignore(0, "morgan", refused, &rules()), Ok(3));
    assert!(sale.lines[0].overrides.is_empty(), "nothing beyond stock");
    assert_eq!(sale.backordered(0, &rules()), 0);
    assert!(
        sale.audit[0]
            .1
            .contains("3 backordered by hand, from stock"),
        "{:?}",
        sale.audit
    );
    assert!(!sale.audit[0].1.contains("beyond"), "{:?}", sale.audit);
}

#[test]
fn release_takes_from_each_order_once_and_at_most_what_it_holds() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 0)]);
    let holding = vec![(3, 1, "Ada".to_string(), 2), (5, 1, "Bo".to_string(), 9)];
    let max = sale.release_max(0, 9, &rules());
    assert_eq!(max, 4, "no more than the line has backordered");
    assert_eq!(
        sale.override_release(0, (3, 1), 3, 2, "morgan"),
        Err(SaleError::ReleaseOutOfRange {
            requested: 3,
            max: 2
        })
    );
    sale.override_release(0, (3, 1), 2, 2, "morgan").unwrap();
    assert_eq!(sale.backordered(0, &rules()), 2);
    let left = sale.releasable(0, holding).unwrap();
    assert_eq!(left, [(5, 1, "Bo".to_string(), 9)]);
}

#[test]
fn clear_backorders_keeps_only_what_is_delivered_or_held() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 1), line("TAPE", 8, 2, 0)]);
    sale.clear_backorders(&rules());
    assert_eq!(sale.lines.len(), 1, "a line with nothing delivered goes");
    assert_eq!(sale.lines[0].ordered, 1);
    assert!(!sale.needs_order(&rules()));
    assert_eq!(sale.audit[0].0, "clear_backorders");
}

#[test]
fn fill_all_delivers_every_backordered_unit() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 1), line("TAPE", 8, 2, 0)]);
    assert_eq!(sale.fill_all("morgan", &rules()), 5);
    assert!(!sale.needs_order(&rules()));
    assert_eq!(sale.totals(&rules()).due, m("60.00"));
}

#[test]
fn fill_all_takes_manual_backorders_from_stock() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 10), line("TAPE", 8, 2, 0)]);
    sale.set_backordered(0, 3).unwrap();
    assert_eq!(sale.fill_all("morgan", &rules()), 5);
    assert!(sale.lines[0].overrides.is_empty(), "VALVE had stock");
    assert_eq!(sale.lines[1].overrides, [Override::Ignore { qty: 2 }]);
    assert!(
        sale.audit[0]
            .1
            .contains("2 beyond stock, 3 backordered by hand from stock"),
        "{:?}",
        sale.audit
    );
}

#[test]
fn on_account_needs_a_customer_and_stays_within_the_credit_limit() {
    let mut sale = sale_of(vec![line("VALVE", 7, 4, 10)]);
    let due = m("40.00");
    assert_eq!(
        sale.check_tender(TenderKind::Account, due, due, m("0"), m("0")),
        Err(TenderError::AccountNeedsCustomer)
    );
    sale.customer = Some(customer("50.00"));
    assert!(
        sale.check_tender(TenderKind::Account, due, due, m("10.00"), m("0"))
            .is_ok()
    );
    assert_eq!(
        sale.check_tender(TenderKind::Account, m("20.00"), due, m("25.00"), m("10.00")),
        Err(TenderError::OverCreditLimit {
            offered: m("20.00"),
            limit: m("50.00"),
            balance: m("35.00")
        })
    );
    assert!(matches!(
        sale.check_tender(TenderKind::Card, m("40.01"), due, m("0"), m("0")),
        Err(TenderError::CardOverpay { .. })
    ));
}

#[test]
fn change_is_cash_over_what_is_due() {
    let sale = sale_of(vec![line("VALVE", 7, 2, 10)]);
    let settled = sale
        .settle(&[(TenderKind::Cash, m("25.00"))], &rules())
        .unwrap();
    assert_eq!(settled.change, m("5.00"));
    assert!(
        sale.settle(&[(TenderKind::Card, m("25.00"))], &rules())
            .is_err()
    );
}

#[test]
fn counts_typed_into_a_prompt() {
    assert_eq!(parse_count(" 12 "), Ok(12));
    assert_eq!(parse_count("0"), Ok(0));
    assert_eq!(
        parse_count("1000001"),
        Err(SaleError::BadCount("1000001".into()))
    );
    assert_eq!(parse_count("x"), Err(SaleError::BadCount("x".into())));
}

#[test]
fn each_payment_choice_shows_now_later_and_deposit() {
    // 4 VALVE with 1 available: 1 delivered (10.00), 3 backordered (25.00 for the set).
    let sale = sale_of(vec![line("VALVE", 7, 4, 1)]);
    let [(received, later), (invoiced, now)] = sale.totals_by_payment(&rules());
    assert_eq!(received, Payment::WhenReceived);
    assert_eq!(invoiced, Payment::WhenInvoiced);
    assert_eq!(later.due, later.goods);
    assert!(later.deposit.is_zero());
    assert_eq!(now.deposit, later.pending, "paid now as a deposit");
    assert_eq!(now.due, later.due + later.pending);
}

#[test]
fn a_line_says_which_special_prices_apply() {
    let mut valve = line("VALVE", 7, 2, 5);
    valve.prices = PriceList::new(
        m("10.00"),
        vec![PriceBreak::Set {
            qty: 3,
            price: m("25.00"),
        }],
    );
    assert_eq!(valve.price_note(), None, "2 do not make a set");
    valve.ordered = 4;
    assert_eq!(valve.price_note().as_deref(), Some("3 for 25.00"));
    valve.prices.breaks = vec![PriceBreak::Tier {
        min_qty: 4,
        unit: m("8.00"),
    }];
    assert_eq!(valve.price_note().as_deref(), Some("4+ @ 8.00"));
    valve.prices.level_pct = Decimal::new(5, 0);
    assert_eq!(valve.price_note().as_deref(), Some("4+ @ 8.00, 5% off"));
}

#[test]
fn availability_after_the_sale() {
    let rules = rules();
    let valve = line("VALVE", 7, 4, 5);
    assert_eq!(valve.available_after(&valve.outcome(&rules)), 1);
    let short = line("VALVE", 7, 4, 2);
    assert_eq!(short.available_after(&short.outcome(&rules)), 0);
    let mut ignored = short.clone();
    ignored.overrides.push(Override::Ignore { qty: 2 });
    assert_eq!(ignored.available_after(&ignored.outcome(&rules)), -2);
    let mut released = short.clone();
    released.overrides.push(Override::Release {
        order: 1,
        line_no: 1,
        qty: 2,
    });
    assert_eq!(released.available_after(&released.outcome(&rules)), 0);
}

#[test]
fn a_sale_discount_reaches_lines_rung_later_and_survives_a_new_bill_to() {
    use crate::domain::pricing::adjust::{Adjustment, PriceChange};
    let rules = rules();
    let mut sale = Sale::default();
    sale.add(line("A", 1, 2, 10), &rules).unwrap();
    sale.set_discount(Some(Adjustment {
        change: PriceChange::PercentOff(Decimal::new(10, 0)),
        reason: "loyalty".into(),
        approved_by: None,
    }));
    sale.add(line("B", 2, 1, 10), &rules).unwrap();
    assert_eq!(sale.totals(&rules).due, m("27.00"));
    let repriced = vec![line("A", 1, 2, 10), line("B", 2, 1, 10)];
    sale.set_customer(None, repriced);
    assert_eq!(sale.totals(&rules).due, m("27.00"), "the discount is kept");
    assert_eq!(sale.discount_cut(Decimal::new(11, 0)), Decimal::new(11, 0));
    assert_eq!(sale.discount_cut(Decimal::TEN), Decimal::TEN);
    sale.set_discount(None);
    assert_eq!(sale.totals(&rules).due, m("30.00"));
}

#[test]
fn a_price_change_is_audited_with_what_it_took_off_the_list() {
    use crate::domain::pricing::adjust::{Adjustment, LineAdjustments, PriceChange};
    use crate::domain::pricing::parse_breaks;
    let adj = |change| {
        Some(Adjustment {
            change,
            reason: "price match".into(),
            approved_by: None,
        })
    };
    // 3 for 25.00: the list value of 3 is 25.00, not 3 × 8.33.
    let mut valve = line("VALVE", 1, 3, 10);
    valve.prices = PriceList::new(m("10.00"), parse_breaks("3for25.00").unwrap());
    valve.adjust = LineAdjustments {
        line: adj(PriceChange::UnitPrice(m("8.00"))),
        sale: adj(PriceChange::PercentOff(Decimal::new(10, 0))),
    };
    let rows = valve.adjustment_audit();
    let saved: Vec<(&str, Option<Money>)> = rows.iter().map(|r| (r.0, r.2)).collect();
    // 25.00 → 24.00 by the price set, → 21.60 by 10% off the sale: 3.40 in all.
    assert_eq!(
        saved,
        [
            ("price_override", Some(m("1.00"))),
            ("discount", Some(m("2.40")))
        ]
    );
    let charged = valve.charged_prices().total(3);
    assert_eq!(valve.prices.total(3) - charged, m("3.40"));
    // A price raised by hand takes off less than nothing.
    let mut raised = line("A", 2, 2, 10);
    raised.adjust.line = adj(PriceChange::UnitPrice(m("11.50")));
    assert_eq!(raised.adjustment_audit()[0].2, Some(-m("3.00")));
    // An open-price item has no list: its price takes nothing off; a discount on it does.
    let mut open = line("CUT", 3, 2, 10);
    open.prices = PriceList::new(m("0.00"), Vec::new());
    open.adjust = LineAdjustments {
        line: adj(PriceChange::UnitPrice(m("3.50"))),
        sale: adj(PriceChange::PercentOff(Decimal::new(10, 0))),
    };
    let rows = open.adjustment_audit();
    assert_eq!((rows[0].2, rows[1].2), (None, Some(m("0.70"))));
}
