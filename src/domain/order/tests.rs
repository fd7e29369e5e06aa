use rust_decimal::Decimal;

use super::*;
use crate::domain::pricing::{PriceList, parse_breaks};

fn m(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn rules(basis: Basis, prices_include_tax: bool) -> OrderRules {
    OrderRules {
        basis,
        prices_include_tax,
    }
}

fn excl() -> OrderRules {
    rules(Basis::Split, false)
}

/// A line of `ordered` units at `price` with `rate` percent tax: `delivered` handed over,
/// `committed` ready, the rest backordered; `prepaid` deposit taken, `applied` used.
fn line(price: &str, rate: &str, ordered: i64, delivered: i64, committed: i64) -> OrderLine {
    OrderLine {
        line_no: 1,
        product_id: 7,
        sku: "PLB-VALVE-075".into(),
        description: "Ball valve".into(),
        ordered,
        delivered,
        committed,
        backordered: ordered - delivered - committed,
        cancelled: 0,
        prices: PriceList {
            regular: m(price),
            special: None,
            level_pct: Decimal::ZERO,
            breaks: Vec::new(),
        },
        tax_rate: rate.parse().unwrap(),
        charged: m(price).times(delivered),
        prepaid: m("0.00"),
        prepaid_applied: m("0.00"),
        prepaid_refunded: m("0.00"),
        queued_at: "2026-01-01 09:00:00".into(),
        wait: Default::default(),
    }
}

fn prepaid(mut l: OrderLine, prepaid: &str, applied: &str) -> OrderLine {
    l.prepaid = m(prepaid);
    l.prepaid_applied = m(applied);
    l
}

fn plan(l: &OrderLine, r: &OrderRules) -> FinalInvoice {
    plan_final_invoice(3, Payment::WhenInvoiced, std::slice::from_ref(l), r)
}

#[test]
fn seed_example_fills_charge_the_rest_of_the_set() {
    // 4 valves at 10.00 with 3for25.00, 2 delivered for 18.34; the rest comes one at a time.
    let mut l = line("10.00", "0", 4, 2, 1);
    l.prices.breaks = parse_breaks("3for25.00").unwrap();
    l.charged = m("18.34");
    let p = plan_final_invoice(3, Payment::WhenReceived, &[l.clone()], &excl());
    assert_eq!(
        (p.goods, p.tax, p.deposit_applied, p.due),
        (m("6.66"), m("0.00"), m("0.00"), m("6.66"))
    );
    assert_eq!(p.lines[0].qty, 1);
    assert_eq!(p.lines[0].backordered, 1);
    l.delivered = 3;
    l.charged = m("25.00");
    let p = plan_final_invoice(3, Payment::WhenReceived, &[l], &excl());
    assert_eq!(p.due, m("10.00"));
}

#[test]
fn lines_with_nothing_committed_are_not_invoiced() {
    let l = line("10.00", "13", 2, 0, 0);
    let p = plan(&l, &excl());
    assert!(p.lines.is_empty());
    assert_eq!(p.due, m("0.00"));
}

#[test]
fn a_partial_fill_applies_at_most_its_own_value() {
    // 3 at 1.05 + 13%: deposit 3.56; one unit is 1.05 + 0.14 = 1.19.
    let l = prepaid(line("1.05", "13", 3, 0, 1), "3.56", "0.00");
    let p = plan(&l, &excl());
    assert_eq!(
        (p.goods, p.tax, p.deposit_applied, p.due),
        (m("1.05"), m("0.14"), m("1.19"), m("0.00"))
    );
}

#[test]
fn a_partial_fill_applies_no_more_than_is_held() {
    let l = prepaid(line("1.05", "13", 3, 0, 1), "3.56", "3.00");
    let p = plan(&l, &excl());
    assert_eq!((p.deposit_applied, p.due), (m("0.56"), m("0.63")));
}

#[test]
fn the_completing_fill_absorbs_a_rounding_cent_in_its_tax() {
    // Two fills of 1.19 took 2.38 of 3.56; 1.18 is left for the last 1.05 + 0.14.
    let l = prepaid(line("1.05", "13", 3, 2, 1), "3.56", "2.38");
    let p = plan(&l, &excl());
    assert_eq!(
        (p.goods, p.tax, p.deposit_applied, p.due),
        (m("1.05"), m("0.13"), m("1.18"), m("0.00"))
    );
    // The receipt says so: 0.14 became 0.13.
    assert_eq!(p.lines[0].tax_adjusted, -m("0.01"));
}

#[test]
fn the_completing_fill_with_no_deposit_keeps_its_tax() {
    let l = line("1.05", "13", 3, 2, 1);
    let p = plan(&l, &excl());
    assert_eq!(
        (p.tax, p.deposit_applied, p.due),
        (m("0.14"), m("0.00"), m("1.19"))
    );
    assert!(p.lines[0].tax_adjusted.is_zero());
}

#[test]
fn inclusive_prices_never_move_tax_to_absorb_rounding() {
    // 1.00 including 1% holds 0.01 tax; 1.00 held pays it exactly with no rounding to absorb,
    // but an off-by-a-cent deposit is paid or refunded, the tax stays what the price holds.
    let r = rules(Basis::Split, true);
    let l = prepaid(line("1.00", "1", 5, 4, 1), "0.99", "0.00");
    let p = plan(&l, &r);
    assert_eq!(
        (p.tax, p.deposit_applied, p.due),
        (m("0.01"), m("0.99"), m("0.01"))
    );
}

#[test]
fn a_tax_free_line_is_never_given_tax_by_the_rounding_rule() {
    let l = prepaid(line("1.00", "0", 5, 4, 1), "1.01", "0.00");
    let p = plan(&l, &excl());
    assert_eq!(
        (p.tax, p.deposit_applied, p.due),
        (m("0.00"), m("1.01"), -m("0.01"))
    );
}

#[test]
fn a_deposit_below_the_goods_never_makes_tax_negative() {
    // Tax of 0.1% on 1.00 rounds to 0.00; 0.99 held is a cent short of the goods.
    let l = prepaid(line("1.00", "0.1", 5, 4, 1), "0.99", "0.00");
    let p = plan(&l, &excl());
    assert_eq!(
        (p.tax, p.deposit_applied, p.due),
        (m("0.00"), m("0.99"), m("0.01"))
    );
}

#[test]
fn a_difference_beyond_rounding_is_paid_not_hidden_in_tax() {
    // Held covers the goods but none of the 0.50 tax: far beyond a cent per unit.
    let l = prepaid(line("5.00", "10", 1, 0, 1), "5.00", "0.00");
    let p = plan(&l, &excl());
    assert_eq!(
        (p.tax, p.deposit_applied, p.due),
        (m("0.50"), m("5.00"), m("0.50"))
    );
    // And above it: refunded, tax unchanged.
    let l = prepaid(line("5.00", "10", 1, 0, 1), "6.00", "0.00");
    let p = plan(&l, &excl());
    assert_eq!(
        (p.tax, p.deposit_applied, p.due),
        (m("0.50"), m("6.00"), -m("0.50"))
    );
}

#[test]
fn the_rounding_slack_is_one_minor_unit_per_unit_ordered() {
    // 2 units: up to 0.02 is rounding, 0.03 is not.
    let l = prepaid(line("1.00", "10", 2, 1, 1), "1.12", "0.00");
    assert_eq!(plan(&l, &excl()).lines[0].tax, m("0.12"));
    assert_eq!(plan(&l, &excl()).lines[0].tax_adjusted, m("0.02"));
    let l = prepaid(line("1.00", "10", 2, 1, 1), "1.13", "0.00");
    assert_eq!(plan(&l, &excl()).lines[0].tax, m("0.10"));
    assert_eq!(plan(&l, &excl()).lines[0].tax_adjusted, m("0.00"));
    let l = prepaid(line("1.00", "10", 2, 1, 1), "1.08", "0.00");
    assert_eq!(plan(&l, &excl()).lines[0].tax, m("0.08"));
    let l = prepaid(line("1.00", "10", 2, 1, 1), "1.07", "0.00");
    assert_eq!(plan(&l, &excl()).lines[0].tax, m("0.10"));
}

#[test]
fn totals_add_up_over_lines() {
    let a = prepaid(line("1.05", "13", 3, 0, 1), "3.56", "0.00");
    let mut b = line("2.00", "13", 1, 0, 1);
    b.line_no = 2;
    let p = plan_final_invoice(9, Payment::WhenInvoiced, &[a, b], &excl());
    assert_eq!(p.order, 9);
    assert_eq!(p.lines.len(), 2);
    assert_eq!(
        (p.goods, p.tax, p.deposit_applied),
        (m("3.05"), m("0.40"), m("1.19"))
    );
    assert_eq!(p.due, m("2.26"));
}

#[test]
fn cancelling_everything_pending_refunds_the_whole_deposit() {
    let l = prepaid(line("1.05", "13", 3, 1, 0), "3.56", "1.19");
    assert_eq!(cancel_refund(&l, 2, &excl()).refund, m("2.37"));
}

#[test]
fn cancelling_part_keeps_what_the_rest_will_cost() {
    // 2 pending, one cancelled: the one left costs 1.19 with tax.
    let l = prepaid(line("1.05", "13", 3, 1, 0), "3.56", "1.19");
    assert_eq!(cancel_refund(&l, 1, &excl()).refund, m("1.18"));
}

#[test]
fn cancelling_under_split_charges_what_was_received_as_if_bought_alone() {
    // 4 valves prepaid 35.00, 2 delivered (18.34 applied); cancel 1 of the 2 left:
    // the one still coming completes the set (25.00 − 18.34 = 6.66), so 10.00 comes back.
    let mut l = line("10.00", "0", 4, 2, 0);
    l.prices.breaks = parse_breaks("3for25.00").unwrap();
    l.charged = m("18.34");
    let l = prepaid(l, "35.00", "18.34");
    assert_eq!(cancel_refund(&l, 1, &excl()).refund, m("10.00"));
}

#[test]
fn nothing_held_nothing_refunded() {
    let l = line("1.05", "13", 3, 1, 0);
    assert_eq!(cancel_refund(&l, 2, &excl()).refund, m("0.00"));
    // A ledger that went below zero (never written by ringup) refunds nothing.
    let l = prepaid(line("1.05", "13", 3, 1, 0), "1.00", "2.00");
    assert_eq!(cancel_refund(&l, 2, &excl()).refund, m("0.00"));
    assert_eq!(refunds_of(&void_refunds(&[l], &excl())), [m("0.00")]);
}

#[test]
fn a_refund_is_never_negative() {
    // Held less than the rest will cost: nothing comes back.
    let l = prepaid(line("1.05", "13", 3, 0, 0), "1.00", "0.00");
    assert_eq!(cancel_refund(&l, 1, &excl()).refund, m("0.00"));
}

fn refunds_of(money: &[CancelMoney]) -> Vec<Money> {
    money.iter().map(|m| m.refund).collect()
}

#[test]
fn void_refunds_what_each_line_holds() {
    let a = prepaid(line("1.05", "13", 3, 1, 0), "3.56", "1.19");
    let b = line("1.00", "0", 1, 0, 1);
    assert_eq!(
        refunds_of(&void_refunds(&[a, b], &excl())),
        [m("2.37"), m("0.00")]
    );
}

#[test]
fn an_order_is_done_when_nothing_is_pending() {
    let mut l = line("1.00", "0", 3, 3, 0);
    assert!(is_done(&[l.clone()]));
    l.delivered = 2;
    l.cancelled = 1;
    assert!(is_done(&[l.clone()]));
    l.cancelled = 0;
    l.committed = 1;
    assert!(!is_done(&[l.clone()]));
    l.committed = 0;
    l.backordered = 1;
    assert!(!is_done(&[l.clone()]));
    assert!(l.adds_up());
    l.backordered = 2;
    assert!(!l.adds_up());
}

#[test]
fn allocation_serves_the_queue_oldest_first() {
    assert_eq!(allocate(5, &[3, 4, 2]), vec![3, 2, 0]);
    assert_eq!(allocate(10, &[3, 4, 2]), vec![3, 4, 2]);
    assert_eq!(allocate(0, &[3, 4]), vec![0, 0]);
    assert_eq!(allocate(-2, &[3]), vec![0]);
    assert_eq!(allocate(3, &[0, 3]), vec![0, 3]);
    assert_eq!(allocate(3, &[-1, 3]), vec![0, 3]);
    assert_eq!(allocate(3, &[3]), vec![3]);
}

fn place<'a>(queued_at: &'a str, due: Option<&'a str>, order: i64, line_no: i64) -> QueuePlace<'a> {
    QueuePlace {
        queued_at,
        due,
        order,
        line_no,
    }
}

#[test]
fn the_queue_orders_by_place_then_due_then_number() {
    let mut q = vec![
        place("2026-01-02", None, 1, 1),
        place("2026-01-01", None, 5, 2),
        place("2026-01-01", None, 5, 1),
        place("2026-01-01", Some("2026-03-01"), 6, 1),
        place("2026-01-01", Some("2026-02-01"), 7, 1),
        place("2026-01-01", None, 4, 9),
    ];
    sort_queue(&mut q, |p| *p);
    let got: Vec<(i64, i64)> = q.iter().map(|p| (p.order, p.line_no)).collect();
    assert_eq!(got, [(7, 1), (6, 1), (4, 9), (5, 1), (5, 2), (1, 1)]);
    let a = place("2026-01-01", None, 1, 1);
    assert_eq!(a.serve_order(&a), Ordering::Equal);
}

#[test]
fn fillable_here_elsewhere_or_not() {
    assert_eq!(fillable(0, 10, true), Fillable::None);
    assert_eq!(fillable(3, 3, false), Fillable::Here);
    assert_eq!(fillable(3, 2, true), Fillable::Elsewhere);
    assert_eq!(fillable(3, 2, false), Fillable::None);
    assert!(is_ready(1, &[Fillable::None]));
    assert!(is_ready(0, &[Fillable::None, Fillable::Here]));
    assert!(!is_ready(0, &[Fillable::Elsewhere, Fillable::None]));
}

#[test]
fn partly_here_when_the_stock_here_covers_some_units_but_not_all() {
    assert_eq!(covered_here(3, 1), 1);
    assert_eq!(covered_here(3, 5), 3);
    assert_eq!(covered_here(3, -2), 0);
    assert_eq!(covered_here(0, 4), 0);
    // 1 of 3 here: nothing showed it before.
    assert_eq!(partly_here([(1, 3)]), Some((1, 3)));
    assert_eq!(partly_here([(0, 3)]), None);
    assert_eq!(partly_here([(3, 3)]), None, "fillable here in full");
    assert_eq!(partly_here([]), None);
    // Over the order's lines: one covered in full and one not at all is 2 of 5 here.
    assert_eq!(partly_here([(2, 2), (0, 3)]), Some((2, 5)));
    assert_eq!(partly_here([(2, 2), (1, 1)]), None);
}

proptest::proptest! {
    #[test]
    fn what_the_stock_here_covers_never_exceeds_the_backorder(
        lines in proptest::collection::vec((0i64..20, -5i64..30), 0..6),
    ) {
        let covered: Vec<(i64, i64)> = lines
            .iter()
            .map(|&(backordered, here)| (covered_here(backordered, here), backordered))
            .collect();
        for (&(backordered, here), &(c, _)) in lines.iter().zip(&covered) {
            proptest::prop_assert!(0 <= c && c <= backordered);
            // Covered in full exactly when the line is fillable here.
            proptest::prop_assert_eq!(
                c == backordered && backordered > 0,
                fillable(backordered, here, false) == Fillable::Here
            );
        }
        if let Some((c, b)) = partly_here(covered.iter().copied()) {
            proptest::prop_assert!(0 < c && c < b);
        }
        let all_here = covered.iter().all(|&(c, b)| c == b);
        proptest::prop_assert!(!(all_here && partly_here(covered).is_some()));
    }
}

#[test]
fn suggested_purchase_restocks_and_covers_backorders() {
    // Below the minimum: at least the reorder quantity.
    assert_eq!(suggested_qty(2, 5, 10, 0), 10);
    assert_eq!(suggested_qty(-10, 5, 10, 0), 15);
    // At the minimum nothing to restock; backorders on top.
    assert_eq!(suggested_qty(5, 5, 10, 0), 0);
    assert_eq!(suggested_qty(5, 5, 10, 3), 3);
    // Stock above the minimum covers backorders first.
    assert_eq!(suggested_qty(8, 5, 10, 3), 0);
    assert_eq!(suggested_qty(8, 5, 10, 4), 1);
    assert_eq!(suggested_qty(2, 5, 10, 4), 14);
}

#[test]
fn the_deposit_ledger_folds_once() {
    let t = DepositTotals::of([
        (DepositKind::Taken, m("35.00")),
        (DepositKind::Applied, m("6.66")),
        (DepositKind::Refunded, m("10.00")),
        (DepositKind::Taken, m("1.00")),
    ]);
    assert_eq!(
        (t.taken, t.applied, t.refunded),
        (m("36.00"), m("6.66"), m("10.00"))
    );
    assert_eq!(t.held(), m("19.34"));
    for kind in [
        DepositKind::Taken,
        DepositKind::Applied,
        DepositKind::Refunded,
    ] {
        assert_eq!(DepositKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(DepositKind::parse("kept"), None);
    for status in [OrderStatus::Open, OrderStatus::Closed, OrderStatus::Void] {
        assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        assert_eq!(status.to_string(), status.as_str());
    }
    assert_eq!(OrderStatus::parse("pending"), None);
    for kind in [InvoiceKind::Sale, InvoiceKind::Final, InvoiceKind::Refund] {
        assert_eq!(InvoiceKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(InvoiceKind::parse("quote"), None);
}

#[test]
fn line_money_helpers() {
    let l = prepaid(line("1.05", "13", 3, 1, 1), "3.56", "1.19");
    assert_eq!(l.held(), m("2.37"));
    assert_eq!(l.pending(), 2);
    assert_eq!(l.unit_price(), m("1.05"));
    assert_eq!(l.tax(m("2.10"), &excl()), m("0.27"));
    assert_eq!(l.charge_for(1, &excl()), m("1.05"));
    let mut r = l.clone();
    r.prepaid_refunded = m("0.37");
    assert_eq!(r.held(), m("2.00"));
}

#[test]
fn a_short_count_takes_back_the_newest_promises_first() {
    // Promised 3, 2, 4 (oldest first); 5 counted: the newest gives 4, the next 0.
    assert_eq!(unpromise_newest(5, &[3, 2, 4]), vec![0, 0, 4]);
    assert_eq!(unpromise_newest(4, &[3, 2, 4]), vec![0, 1, 4]);
    assert_eq!(unpromise_newest(0, &[3, 2, 4]), vec![3, 2, 4]);
    assert_eq!(unpromise_newest(-6, &[3, 2]), vec![3, 2]);
    // Enough counted: nothing changes.
    assert_eq!(unpromise_newest(9, &[3, 2, 4]), vec![0, 0, 0]);
    assert_eq!(unpromise_newest(20, &[3, 2, 4]), vec![0, 0, 0]);
    assert_eq!(unpromise_newest(1, &[]), Vec::<i64>::new());
    assert_eq!(unpromise_newest(1, &[0, 2]), vec![0, 1]);
}

#[test]
fn a_line_adds_up_only_when_every_unit_is_accounted_for() {
    let mut l = line("1.00", "0", 10, 4, 3);
    l.backordered = 2;
    l.cancelled = 1;
    assert!(l.adds_up());
    for (field, by) in [(0, 1), (1, 1), (2, 1), (3, 1)] {
        let mut off = l.clone();
        match field {
            0 => off.delivered += by,
            1 => off.committed += by,
            2 => off.backordered += by,
            _ => off.cancelled += by,
        }
        assert!(!off.adds_up(), "field {field}");
    }
}

#[test]
fn stock_elsewhere_is_moved_before_more_is_bought() {
    assert_eq!(
        restock(60, 123),
        Restock {
            transfer: 60,
            purchase: 0
        }
    );
    assert_eq!(
        restock(60, 25),
        Restock {
            transfer: 25,
            purchase: 35
        }
    );
    assert_eq!(
        restock(60, 0),
        Restock {
            transfer: 0,
            purchase: 60
        }
    );
    assert_eq!(
        restock(0, 10),
        Restock {
            transfer: 0,
            purchase: 0
        }
    );
    assert_eq!(
        restock(-3, 10),
        Restock {
            transfer: 0,
            purchase: 0
        }
    );
    assert_eq!(
        restock(5, -2),
        Restock {
            transfer: 0,
            purchase: 5
        }
    );
}

#[test]
fn an_order_shows_every_kind_its_lines_have() {
    use Fillable::{Elsewhere, Here, None};
    assert_eq!(fillable_kinds(&[Here, Elsewhere]), [Here, Elsewhere]);
    assert_eq!(fillable_kinds(&[Elsewhere, None, Here]), [Here, Elsewhere]);
    assert_eq!(fillable_kinds(&[Elsewhere, Elsewhere]), [Elsewhere]);
    assert_eq!(fillable_kinds(&[None, Here]), [Here]);
    assert_eq!(fillable_kinds(&[None]), []);
    assert_eq!(fillable_kinds(&[]), []);
}

#[test]
fn overdue_is_a_past_due_date_with_units_pending() {
    let day = |text: &str| crate::domain::calendar::parse_date(text).unwrap();
    let today = day("2026-11-22");
    assert!(is_overdue(Some(day("2026-11-21")), today, 1));
    assert!(!is_overdue(Some(day("2026-11-22")), today, 1), "due today");
    assert!(!is_overdue(Some(day("2026-11-23")), today, 5));
    assert!(
        !is_overdue(Some(day("2026-01-01")), today, 0),
        "nothing pending"
    );
    assert!(!is_overdue(None, today, 3), "no due date");
}

#[test]
fn a_release_passes_over_older_orders_the_stock_left_does_not_cover() {
    let waiting = [
        (place("2026-01-01", None, 1, 1), 3),
        (place("2026-01-02", None, 2, 1), 2),
        (place("2026-01-03", None, 3, 1), 4),
    ];
    // Order 3 takes 4 of 5: order 1 (3 wanted) is short, and so is order 2.
    assert_eq!(passed_over(&waiting, 3, 4, 5), vec![1, 2]);
    // Order 3 takes 4 of 7: order 1 is covered, order 2 is not.
    assert_eq!(passed_over(&waiting, 3, 4, 7), vec![2]);
    // Enough for everyone: nobody is passed over.
    assert_eq!(passed_over(&waiting, 3, 4, 9), Vec::<i64>::new());
    // The oldest order never jumps the queue, and releasing nothing passes no one.
    assert_eq!(passed_over(&waiting, 1, 3, 3), Vec::<i64>::new());
    assert_eq!(passed_over(&waiting, 3, 0, 0), Vec::<i64>::new());
    // An order not waiting passes no one.
    assert_eq!(passed_over(&waiting, 9, 1, 1), Vec::<i64>::new());
}

#[test]
fn a_queue_jump_follows_the_serve_order_not_the_order_number() {
    // Order 5 took its place first; order 2 is older by number but later in the queue.
    let waiting = [
        (place("2026-01-02", None, 2, 1), 1),
        (place("2026-01-01", None, 5, 1), 1),
    ];
    assert_eq!(passed_over(&waiting, 5, 1, 1), Vec::<i64>::new());
    assert_eq!(passed_over(&waiting, 2, 1, 1), vec![5]);
    // The same day: the earlier due date goes first.
    let waiting = [
        (place("2026-01-01", None, 2, 1), 1),
        (place("2026-01-01", Some("2026-02-01"), 5, 1), 1),
    ];
    assert_eq!(passed_over(&waiting, 2, 1, 1), vec![5]);
}

#[test]
fn a_refund_on_account_needs_an_account() {
    assert!(refund_method_allowed(TenderKind::Cash, ""));
    assert!(refund_method_allowed(TenderKind::Card, ""));
    assert!(refund_method_allowed(TenderKind::Account, "C100"));
    assert!(!refund_method_allowed(TenderKind::Account, " "));
}

/// 20 of `10for11.00` (1.16 each alone) at `rate` percent tax, none delivered, all backordered,
/// prepaid `paid`.
fn twenty_in_tens(rate: &str, paid: &str) -> OrderLine {
    let mut l = line("1.16", rate, 20, 0, 0);
    l.prices.breaks = parse_breaks("10for11.00").unwrap();
    prepaid(l, paid, "0.00")
}

#[test]
fn cancelling_part_of_a_set_priced_backorder_charges_what_is_kept_as_if_bought_alone() {
    // 18 kept cost 20.28 alone (11.00 + 8 × 1.16): 22.00 − 20.28 comes back, not the
    // 2.20 the set price would give.
    let l = twenty_in_tens("0", "22.00");
    assert_eq!(cancel_refund(&l, 2, &excl()).refund, m("1.72"));
    // With 8.25 % tax: 23.82 held, the 18 cost 20.28 + 1.67.
    let l = twenty_in_tens("8.25", "23.82");
    assert_eq!(cancel_refund(&l, 2, &excl()).refund, m("1.87"));
}

#[test]
fn after_a_cancel_the_deposit_kept_pays_the_rest_exactly() {
    let mut l = twenty_in_tens("8.25", "23.82");
    let refund = cancel_refund(&l, 2, &excl()).refund;
    l.backordered -= 2;
    l.cancelled += 2;
    l.prepaid_refunded = refund;
    assert_eq!(l.kept(), 18);
    // The 18 arrive: priced as 18 bought alone, paid by what the deposit still holds.
    l.committed = 18;
    l.backordered = 0;
    let p = plan(&l, &excl());
    assert_eq!((p.goods, p.tax), (m("20.28"), m("1.67")));
    assert_eq!(p.deposit_applied, m("21.95"));
    assert_eq!(p.due, m("0.00"));
}

#[test]
fn a_refund_on_cancel_is_never_more_than_the_cancelled_units_account_for() {
    // Held more than the line is worth (a deposit taken at a higher price): cancelling one
    // of three gives back that unit's part of the price, not the surplus.
    let l = prepaid(line("1.00", "0", 3, 0, 0), "5.00", "0.00");
    assert_eq!(cancel_refund(&l, 1, &excl()).refund, m("1.00"));
    // Under `shipped` the units still to come are one delivery of their own.
    let mut l = twenty_in_tens("0", "22.00");
    l.delivered = 10;
    l.backordered = 10;
    l.charged = m("11.00");
    let l = prepaid(l, "22.00", "11.00");
    let shipped = OrderRules {
        basis: Basis::Shipped,
        ..excl()
    };
    // 9 still to come cost 10.44 alone: 0.56 back, at most T(10) − T(9) = 0.56.
    assert_eq!(cancel_refund(&l, 1, &shipped).refund, m("0.56"));
}

#[test]
fn voiding_a_partly_delivered_set_charges_what_was_kept_as_if_bought_alone() {
    // 20 of 10for11.00 prepaid: 18 delivered at the sale for 19.80 (18/20 of 22.00), 2.20
    // held for the other 2. Voided: the 18 kept cost 20.28 alone, so the deposit pays the
    // 0.48 they lack and 1.72 comes back, as cancelling the 2 would.
    let mut l = twenty_in_tens("0", "2.20");
    (l.delivered, l.backordered, l.charged) = (18, 2, m("19.80"));
    let money = cancel_refund(&l, 2, &excl());
    assert_eq!(
        money,
        CancelMoney {
            refund: m("1.72"),
            charge: m("0.48"),
            charge_tax: m("0.00"),
        }
    );
    assert_eq!(void_refunds(&[l.clone()], &excl()), [money]);
    // With 8.25 % tax: 2.38 held; 0.48 + 0.04 tax is charged, 1.86 comes back.
    let mut taxed = l.clone();
    (taxed.tax_rate, taxed.prepaid) = ("8.25".parse().unwrap(), m("2.38"));
    let money = cancel_refund(&taxed, 2, &excl());
    assert_eq!(
        (money.refund, money.charge, money.charge_tax),
        (m("1.86"), m("0.48"), m("0.04"))
    );
    assert_eq!(money.applied(&excl()) + money.refund, m("2.38"));
    // Prices with tax in them: the charge holds its tax, and is all that is applied.
    let inclusive = rules(Basis::Split, true);
    let money = cancel_refund(&taxed, 2, &inclusive);
    assert_eq!((money.refund, money.charge), (m("1.90"), m("0.48")));
    assert_eq!(money.applied(&inclusive), m("0.48"));
    // Delivered units charged more than alone keep their price: the whole deposit back.
    l.charged = m("20.50");
    assert_eq!(cancel_refund(&l, 2, &excl()).refund, m("2.20"));
    // A deposit too small for what the kept units lack: all of it back, nothing charged.
    l.charged = m("19.80");
    l.prepaid = m("0.30");
    assert_eq!(
        cancel_refund(&l, 2, &excl()),
        CancelMoney {
            refund: m("0.30"),
            charge: m("0.00"),
            charge_tax: m("0.00"),
        }
    );
    // A deposit exactly what the kept units lack: all of it pays them, nothing back.
    l.prepaid = m("0.48");
    assert_eq!(
        cancel_refund(&l, 2, &excl()),
        CancelMoney {
            refund: m("0.00"),
            charge: m("0.48"),
            charge_tax: m("0.00"),
        }
    );
    // Under `shipped` each delivery was its own purchase: nothing more to charge.
    let shipped = rules(Basis::Shipped, false);
    l.prepaid = m("2.20");
    assert_eq!(cancel_refund(&l, 2, &shipped).refund, m("2.20"));
}
