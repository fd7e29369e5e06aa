//! The plan of a settled sale: every figure and row a sale writes, with no store.

use rust_decimal::Decimal;

use super::plan::{Approver, AuditOrder, PlanError, SaleFacts, SalePlan};
use super::tests::{line, m, rules};
use super::*;
use crate::domain::pricing::adjust::Adjustment;

/// A line at 10.00 a unit with 10 % tax.
fn taxed(sku: &str, product_id: i64, ordered: u32, available: i64) -> SaleLine {
    SaleLine {
        tax_rate: Decimal::from(10),
        ..line(sku, product_id, ordered, available)
    }
}

/// The plan of `lines` paid by `payment` with `tenders`, giving `change`.
fn plan(
    lines: &[SaleLine],
    named: bool,
    payment: Payment,
    tenders: &[(TenderKind, Money)],
    change: &str,
) -> Result<SalePlan, PlanError> {
    plan_with(lines, named, payment, tenders, change, &[])
}

fn plan_with(
    lines: &[SaleLine],
    named: bool,
    payment: Payment,
    tenders: &[(TenderKind, Money)],
    change: &str,
    audit: &[(String, String)],
) -> Result<SalePlan, PlanError> {
    let outcomes: Vec<LineOutcome> = lines.iter().map(|l| l.outcome(&rules())).collect();
    let totals = totals(&outcomes, payment, false);
    SalePlan::of(&SaleFacts {
        named,
        lines,
        outcomes: &outcomes,
        payment,
        totals: &totals,
        tenders,
        change: m(change),
        prices_include_tax: false,
        audit,
    })
}

fn cash(amount: &str) -> Vec<(TenderKind, Money)> {
    vec![(TenderKind::Cash, m(amount))]
}

#[test]
fn a_cash_sale_from_the_shelf_takes_its_units_and_opens_no_order() {
    let lines = [taxed("VALVE", 7, 2, 5), taxed("TAPE", 8, 1, 5)];
    let plan = plan(&lines, false, Payment::WhenReceived, &cash("40.00"), "7.00").unwrap();
    assert_eq!(plan.invoice.goods.to_string(), "30.00");
    assert_eq!(plan.invoice.tax.to_string(), "3.00");
    assert_eq!(plan.invoice.deposit.to_string(), "0.00");
    assert_eq!(plan.invoice.total.to_string(), "33.00");
    assert_eq!(plan.invoice.change.to_string(), "7.00");
    let first = &plan.lines[0];
    assert_eq!((first.line_no, first.product_id, first.ordered), (1, 7, 2));
    assert_eq!(
        (first.delivered, first.held_back, first.backordered),
        (2, 0, 0)
    );
    assert_eq!(first.amount.to_string(), "20.00");
    assert_eq!(first.tax.to_string(), "2.00");
    assert_eq!(first.deposit.to_string(), "0.00");
    assert_eq!(first.deposit_tax.to_string(), "0.00");
    assert_eq!(plan.lines[1].line_no, 2);
    assert_eq!(plan.delivered, [(7, -2), (8, -1)]);
    assert!(plan.held.is_empty());
    assert_eq!(
        plan.needed.into_iter().collect::<Vec<_>>(),
        [(7, 2), (8, 1)]
    );
    assert_eq!(plan.tenders, cash("40.00"));
    assert!(plan.order.is_none() && plan.releases.is_empty() && plan.audit.is_empty());
}

#[test]
fn tenders_pay_exactly_what_is_due_with_change_only_from_cash() {
    let lines = [taxed("VALVE", 7, 1, 5)];
    let short = plan(&lines, false, Payment::WhenReceived, &cash("10.00"), "0");
    assert_eq!(
        short,
        Err(PlanError::Unpaid {
            paid: m("10.00"),
            due: m("11.00")
        })
    );
    // The change must be what the tenders leave over.
    let wrong_change = plan(&lines, false, Payment::WhenReceived, &cash("20.00"), "8.00");
    assert_eq!(
        wrong_change,
        Err(PlanError::Unpaid {
            paid: m("12.00"),
            due: m("11.00")
        })
    );
    let card_over = vec![(TenderKind::Card, m("20.00"))];
    let card = plan(&lines, false, Payment::WhenReceived, &card_over, "9.00");
    assert!(matches!(card, Err(PlanError::Unpaid { .. })));
    assert!(plan(&lines, false, Payment::WhenReceived, &cash("11.00"), "0").is_ok());
}

#[test]
fn a_sale_that_would_refund_is_not_a_sale() {
    let lines = [taxed("VALVE", 7, 1, 5)];
    let outcomes: Vec<LineOutcome> = lines.iter().map(|l| l.outcome(&rules())).collect();
    let totals = SaleTotals {
        due: -m("5.00"),
        ..totals(&outcomes, Payment::WhenReceived, false)
    };
    let facts = SaleFacts {
        named: false,
        lines: &lines,
        outcomes: &outcomes,
        payment: Payment::WhenReceived,
        totals: &totals,
        tenders: &[],
        change: Money::ZERO,
        prices_include_tax: false,
        audit: &[],
    };
    assert!(matches!(
        SalePlan::of(&facts),
        Err(PlanError::Unpaid { .. })
    ));
}

#[test]
fn units_left_to_order_need_a_named_customer() {
    let lines = [taxed("VALVE", 7, 4, 1)];
    let unnamed = plan(&lines, false, Payment::WhenReceived, &cash("11.00"), "0");
    assert_eq!(unnamed, Err(PlanError::OrderNeedsCustomer));
}

#[test]
fn paid_when_received_the_order_holds_what_was_not_delivered_and_no_deposit() {
    let mut held = taxed("TAPE", 8, 3, 5);
    held.held_back = 2;
    let lines = [taxed("VALVE", 7, 4, 1), taxed("SCREW", 9, 1, 5), held];
    let plan = plan(&lines, true, Payment::WhenReceived, &cash("33.00"), "0").unwrap();
    assert_eq!(plan.invoice.total.to_string(), "33.00");
    assert_eq!(plan.delivered, [(7, -1), (9, -1), (8, -1)]);
    assert_eq!(plan.held, [(8, 2)]);
    assert_eq!(
        plan.needed.into_iter().collect::<Vec<_>>(),
        [(7, 1), (8, 3), (9, 1)]
    );
    let order = plan.order.unwrap();
    assert_eq!(order.payment, Payment::WhenReceived);
    assert_eq!(order.deposit, None);
    // Only the lines with something still to come, numbered from 1.
    assert_eq!(order.lines.len(), 2);
    let valve = &order.lines[0];
    assert_eq!((valve.line_no, valve.product_id), (1, 7));
    assert_eq!(
        (
            valve.ordered,
            valve.delivered,
            valve.committed,
            valve.backordered
        ),
        (4, 1, 0, 3)
    );
    assert_eq!(valve.charged.to_string(), "10.00");
    assert_eq!(valve.prepaid.to_string(), "0.00");
    assert_eq!(valve.tax_rate, Decimal::from(10));
    assert_eq!(valve.prices.regular, m("10.00"));
    let tape = &order.lines[1];
    assert_eq!((tape.line_no, tape.product_id), (2, 8));
    assert_eq!(
        (tape.delivered, tape.committed, tape.backordered),
        (1, 2, 0)
    );
}

#[test]
fn paid_when_invoiced_each_line_prepays_what_is_to_come_with_its_tax() {
    let lines = [taxed("VALVE", 7, 4, 1), taxed("SCREW", 9, 1, 5)];
    let plan = plan(&lines, true, Payment::WhenInvoiced, &cash("55.00"), "0").unwrap();
    assert_eq!(plan.invoice.deposit.to_string(), "33.00");
    assert_eq!(plan.invoice.total.to_string(), "55.00");
    let valve = &plan.lines[0];
    assert_eq!(valve.deposit.to_string(), "33.00");
    assert_eq!(valve.deposit_tax.to_string(), "3.00");
    assert_eq!(plan.lines[1].deposit.to_string(), "0.00");
    let order = plan.order.unwrap();
    assert_eq!(order.payment, Payment::WhenInvoiced);
    assert_eq!(order.deposit.map(|d| d.to_string()), Some("33.00".into()));
    assert_eq!(order.lines[0].prepaid.to_string(), "33.00");
}

#[test]
fn prices_with_tax_included_prepay_the_pending_charge_as_it_is() {
    let lines = [taxed("VALVE", 7, 4, 1)];
    let outcomes: Vec<LineOutcome> = lines
        .iter()
        .map(|l| {
            l.outcome(&Rules {
                prices_include_tax: true,
                ..rules()
            })
        })
        .collect();
    let totals = totals(&outcomes, Payment::WhenInvoiced, true);
    let plan = SalePlan::of(&SaleFacts {
        named: true,
        lines: &lines,
        outcomes: &outcomes,
        payment: Payment::WhenInvoiced,
        totals: &totals,
        tenders: &cash("40.00"),
        change: Money::ZERO,
        prices_include_tax: true,
        audit: &[],
    })
    .unwrap();
    assert_eq!(plan.lines[0].deposit.to_string(), "30.00");
    assert_eq!(plan.lines[0].deposit_tax.to_string(), "2.73");
}

#[test]
fn units_freed_from_other_orders_and_delivered_beyond_the_shelf_are_planned_and_audited() {
    let mut valve = taxed("VALVE", 7, 4, 0);
    valve.overrides = vec![
        Override::Release {
            order: 12,
            line_no: 3,
            qty: 1,
        },
        Override::Ignore { qty: 2 },
    ];
    let lines = [valve, taxed("VALVE", 7, 1, 5)];
    let plan = plan(&lines, true, Payment::WhenReceived, &cash("44.00"), "0").unwrap();
    assert_eq!(plan.releases.len(), 1);
    let release = &plan.releases[0];
    assert_eq!((release.order, release.line_no, release.qty), (12, 3, 1));
    assert_eq!(release.sku, "VALVE");
    // Both lines of the product: 3 + 1 delivered, less the 2 beyond the shelf.
    assert_eq!(plan.needed.into_iter().collect::<Vec<_>>(), [(7, 2)]);
    assert_eq!(plan.audit.len(), 2);
    let moved = &plan.audit[0];
    assert_eq!(moved.action, "override_release");
    assert_eq!((moved.product_id, moved.qty), (Some(7), Some(1)));
    assert_eq!(moved.order, AuditOrder::Other(12));
    assert_eq!(moved.approver, Approver::Overrides);
    assert_eq!(moved.detail, "moved 1 of VALVE from order 12 to this sale");
    let ignored = &plan.audit[1];
    assert_eq!(ignored.action, "override_ignore");
    assert_eq!((ignored.product_id, ignored.qty), (Some(7), Some(2)));
    assert_eq!(ignored.order, AuditOrder::None);
    assert_eq!(ignored.approver, Approver::Overrides);
    assert_eq!(
        ignored.detail,
        "delivered 2 of VALVE beyond available stock"
    );
}

#[test]
fn the_counters_own_audit_rows_name_the_order_and_only_overrides_need_a_manager() {
    let lines = [taxed("VALVE", 7, 1, 5)];
    let asked = [
        (CLEAR_BACKORDERS.to_string(), "cleared".to_string()),
        ("fill_all".to_string(), "filled".to_string()),
    ];
    let plan = plan_with(
        &lines,
        false,
        Payment::WhenReceived,
        &cash("11.00"),
        "0",
        &asked,
    )
    .unwrap();
    assert_eq!(plan.audit.len(), 2);
    assert_eq!(plan.audit[0].action, CLEAR_BACKORDERS);
    assert_eq!(plan.audit[0].approver, Approver::None);
    assert_eq!(plan.audit[0].order, AuditOrder::This);
    assert_eq!(plan.audit[0].detail, "cleared");
    assert_eq!(plan.audit[1].approver, Approver::Overrides);
    assert_eq!((plan.audit[1].product_id, plan.audit[1].qty), (None, None));
}

#[test]
fn a_price_change_is_audited_for_its_line_with_that_lines_approval() {
    let mut cut = taxed("TAPE", 8, 3, 5);
    cut.adjust.line = Some(Adjustment {
        change: PriceChange::PercentOff(Decimal::from(20)),
        reason: "damaged box".into(),
        approved_by: None,
    });
    let lines = [taxed("VALVE", 7, 1, 5), cut];
    let plan = plan(&lines, false, Payment::WhenReceived, &cash("37.40"), "0").unwrap();
    assert_eq!(plan.audit.len(), 1);
    let row = &plan.audit[0];
    assert_eq!(row.approver, Approver::Cut(1));
    assert_eq!((row.product_id, row.qty), (Some(8), Some(3)));
    assert_eq!(row.order, AuditOrder::This);
    assert!(row.detail.contains("damaged box"), "{}", row.detail);
}
