//! Customer orders: the pending remainder of an invoice (SPEC sections 1, 5 and 8), and every
//! rule that fills, invoices, cancels and queues it. The store loads what a rule needs, asks
//! here, and writes the answer in one transaction.
//!
//! Rules chosen where the spec leaves room:
//! - **Queue order.** Lines waiting for a product are served by the date the line took its
//!   place in the queue (`queued_at`, the order date unless an override moved units away),
//!   then the earlier due date (none last), then order and line number: [`QueuePlace`].
//!   The same order is used for filling waiting lines and for the override's release list.
//! - **Fillable.** A backordered quantity is [`Fillable::Here`] when the available stock at
//!   the order's location covers all of it, [`Fillable::Elsewhere`] when it does not but
//!   another location has available units (a transfer could cover some or all).
//!   Each line has its own; an order shows every kind its lines have
//!   ([`fillable_kinds`]).
//! - **Partly here.** The stock available here covers some of a backordered quantity
//!   ([`covered_here`]: on hand less committed, as for fillable). An order whose lines are
//!   covered for some but not all of their backordered units shows how many of how many
//!   (1 of 3 here, [`partly_here`]); an order covered in full is simply fillable here.
//! - **Overdue**: the due date is before today and units are still pending ([`is_overdue`]).
//! - **Ready** orders have something to hand over now: committed units, or a backordered
//!   line that is [`Fillable::Here`].
//! - **Deposit applied** on a final invoice: per line, the charge with its tax, at most the
//!   deposit the line still holds. The fill that leaves nothing pending on a line applies all
//!   the deposit the line still holds; where that differs from charge + tax only by tax
//!   rounding (at most one minor unit per unit of the line), the line's tax is taken as
//!   held − charge so the customer pays nothing more. A larger difference (prices say so,
//!   e.g. under `shipped`) is paid, or given back as a refund on the final invoice.
//! - **Refund on cancel.** What the customer keeps is charged what it costs bought alone,
//!   T(kept): cancelling part of what a line has pending, the line keeps of its deposit
//!   what its units still to come will cost so that its charges come to T(kept) (with
//!   tax), and the rest is refunded, never more than the cancelled units account for in
//!   the line's price (T(before) − T(kept)) and never below zero. E.g. 20 of `10for11.00`
//!   prepaid 22.00, cancel 2: the 18 kept cost 20.28 alone, so 1.72 comes back (before
//!   tax), not the 2.20 the set price would give. Later fills price the line at its kept
//!   quantity ([`OrderLine::kept`]), so the deposit kept pays them exactly. Cancelling
//!   everything pending (or a void) is the same rule with nothing kept to come: what was
//!   delivered is charged what it costs alone, T(delivered), the deposit paying what its
//!   charges so far lack (a charge on the refund document), and the rest comes back; what
//!   was charged above T(delivered) stays as it was. A deposit too small for that charge
//!   comes back whole and nothing more is asked.
//! - **Refund method.** Money going back on a cancel or a void is paid out in cash, to a
//!   card, or on account (credited to what the customer owes, as an `account` tender of
//!   the negative amount); on account only for a customer with an account.
//! - **Queue jump.** Releasing stock to an order passes over an older line waiting for the
//!   same product (earlier in [`QueuePlace::serve_order`]) when the stock left after the
//!   release no longer covers that line's backorder, older lines served first. While the
//!   stock covers every older line too, nobody is passed over: [`passed_over`].

use std::cmp::Ordering;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Money;
use super::pricing::{Basis, PriceList, charge_now};
use super::sale::{Payment, gross};
use super::tax::line_tax;
use super::tender::TenderKind;

/// The settings that price a fill: how partly delivered lines are charged, tax, currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderRules {
    pub basis: Basis,
    pub prices_include_tax: bool,
}

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    /// Something is still committed or backordered.
    Open,
    /// Everything was delivered or cancelled.
    Closed,
    /// Voided by a manager: committed stock released, the deposit refunded.
    Void,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Open => "open",
            OrderStatus::Closed => "closed",
            OrderStatus::Void => "void",
        }
    }

    pub fn parse(text: &str) -> Option<OrderStatus> {
        match text {
            "open" => Some(OrderStatus::Open),
            "closed" => Some(OrderStatus::Closed),
            "void" => Some(OrderStatus::Void),
            _ => None,
        }
    }
}

impl std::fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of numbered document an invoice is (they share one number sequence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceKind {
    /// A sale at the counter (it may create a customer order).
    Sale,
    /// The final invoice of an order's released units.
    Final,
    /// Deposits given back on a cancel or a void.
    Refund,
    /// Delivered goods handed back, and the money that went back for them.
    Return,
}

impl InvoiceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceKind::Sale => "sale",
            InvoiceKind::Final => "final",
            InvoiceKind::Refund => "refund",
            InvoiceKind::Return => "return",
        }
    }

    pub fn parse(text: &str) -> Option<InvoiceKind> {
        match text {
            "sale" => Some(InvoiceKind::Sale),
            "final" => Some(InvoiceKind::Final),
            "refund" => Some(InvoiceKind::Refund),
            "return" => Some(InvoiceKind::Return),
            _ => None,
        }
    }
}

/// One row of an order's deposit ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DepositKind {
    /// Paid in advance on the invoice that created the order (pay when invoiced).
    Taken,
    /// Used on a final invoice.
    Applied,
    /// Given back (cancel or void).
    Refunded,
}

impl DepositKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DepositKind::Taken => "taken",
            DepositKind::Applied => "applied",
            DepositKind::Refunded => "refunded",
        }
    }

    pub fn parse(text: &str) -> Option<DepositKind> {
        match text {
            "taken" => Some(DepositKind::Taken),
            "applied" => Some(DepositKind::Applied),
            "refunded" => Some(DepositKind::Refunded),
            _ => None,
        }
    }
}

/// A deposit ledger folded: what was taken, applied and refunded, and what is still held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DepositTotals {
    pub taken: Money,
    pub applied: Money,
    pub refunded: Money,
}

impl DepositTotals {
    /// The one fold of a deposit ledger.
    pub fn of(entries: impl IntoIterator<Item = (DepositKind, Money)>) -> DepositTotals {
        let mut totals = DepositTotals::default();
        for (kind, amount) in entries {
            match kind {
                DepositKind::Taken => totals.taken += amount,
                DepositKind::Applied => totals.applied += amount,
                DepositKind::Refunded => totals.refunded += amount,
            }
        }
        totals
    }

    /// Taken − applied − refunded.
    pub fn held(&self) -> Money {
        self.taken - self.applied - self.refunded
    }
}

/// An order line as the rules need it: its quantities, its frozen prices and its money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderLine {
    #[serde(skip)]
    pub line_no: i64,
    #[serde(skip)]
    pub product_id: i64,
    pub sku: String,
    #[serde(skip)]
    pub description: String,
    pub ordered: i64,
    pub delivered: i64,
    pub committed: i64,
    pub backordered: i64,
    pub cancelled: i64,
    /// The frozen prices of the line.
    #[serde(skip)]
    pub prices: PriceList,
    /// Tax percent, frozen with the prices.
    #[serde(skip)]
    pub tax_rate: Decimal,
    /// Goods charged so far for the delivered units (tax apart).
    #[serde(skip)]
    pub charged: Money,
    /// Deposit taken for the line (with its tax).
    #[serde(skip)]
    pub prepaid: Money,
    #[serde(skip)]
    pub prepaid_applied: Money,
    #[serde(skip)]
    pub prepaid_refunded: Money,
    /// When the line took its place in the queue.
    #[serde(skip)]
    pub queued_at: String,
    /// How its backordered units wait (days, value, expected date): filled in by the store
    /// for documents and lists, empty where a rule loads the line.
    #[serde(flatten)]
    pub wait: crate::domain::aging::Wait,
}

impl OrderLine {
    /// The deposit this line still holds.
    pub fn held(&self) -> Money {
        self.prepaid - self.prepaid_applied - self.prepaid_refunded
    }

    /// Units not handed over and not cancelled: committed + backordered.
    pub fn pending(&self) -> i64 {
        self.committed + self.backordered
    }

    /// Tax on a charge of this line.
    pub fn tax(&self, charge: Money, rules: &OrderRules) -> Money {
        line_tax(charge, self.tax_rate, rules.prices_include_tax)
    }

    /// Units the line will hand over in all: ordered less cancelled. Its prices are those
    /// of that quantity, so a customer who cancels part pays for what is kept what it
    /// costs bought alone.
    pub fn kept(&self) -> i64 {
        self.ordered - self.cancelled
    }

    /// The charge for handing over `qty` more units now, by the partial-fill rule.
    pub fn charge_for(&self, qty: i64, rules: &OrderRules) -> Money {
        charge_now(
            &self.prices,
            rules.basis,
            units(self.kept()),
            units(self.delivered),
            units(qty),
            self.charged,
        )
    }

    /// What `qty` of the pending units will cost in all, before tax, once they are
    /// handed over: under `split` and `order` the line's charges come to T(kept), so the
    /// last of them is T(kept) − charged (never below zero); under `shipped` they are one
    /// more delivery.
    fn value_of(&self, qty: i64, rules: &OrderRules) -> Money {
        match rules.basis {
            Basis::Shipped => self.charge_for(qty, rules),
            Basis::Split | Basis::Order => {
                let all = self.prices.total(units(self.delivered + qty));
                (all - self.charged).max(Money::ZERO).round()
            }
        }
    }

    /// The unit price of the line's whole quantity (shown on documents).
    pub fn unit_price(&self) -> Money {
        self.prices.unit_price(units(self.ordered))
    }

    /// ordered = delivered + committed + backordered + cancelled.
    pub fn adds_up(&self) -> bool {
        self.ordered == self.delivered + self.committed + self.backordered + self.cancelled
    }
}

/// Quantities are stored as i64 and are at most a million; the pricing engine takes u32.
fn units(qty: i64) -> u32 {
    u32::try_from(qty.max(0)).unwrap_or(u32::MAX)
}

/// An order is done (closes) once nothing is left committed or backordered on it.
pub fn is_done(lines: &[OrderLine]) -> bool {
    lines.iter().all(|l| l.pending() == 0)
}

/// One line of a final invoice before it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinalLine {
    pub line_no: i64,
    #[serde(skip)]
    pub product_id: i64,
    pub sku: String,
    pub description: String,
    pub ordered: i64,
    /// Units handed over on this invoice (the line's committed units).
    pub qty: i64,
    /// Units still backordered after it.
    pub backordered: i64,
    pub unit_price: Money,
    pub charge: Money,
    pub tax: Money,
    /// What `tax` was moved by from the tax of `charge` so that the line's fills come to
    /// its deposit to the cent (the last fill of a prepaid line; zero otherwise).
    pub tax_adjusted: Money,
    pub deposit_applied: Money,
}

/// What converting an order's committed units to a final invoice comes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinalInvoice {
    pub order: i64,
    #[serde(skip)]
    pub payment: Payment,
    pub lines: Vec<FinalLine>,
    pub goods: Money,
    pub tax: Money,
    pub deposit_applied: Money,
    /// What the customer pays now: goods + tax − deposit applied. Negative means money goes
    /// back to the customer (recorded as a refund tender).
    pub due: Money,
}

/// The final invoice for the committed units of an order (see the module notes).
pub fn plan_final_invoice(
    order: i64,
    payment: Payment,
    lines: &[OrderLine],
    rules: &OrderRules,
) -> FinalInvoice {
    let out: Vec<FinalLine> = lines
        .iter()
        .filter(|l| l.committed > 0)
        .map(|line| {
            let qty = line.committed;
            let charge = line.charge_for(qty, rules);
            let (tax, applied) = apply_deposit(line, charge, rules);
            let tax_adjusted = tax - line.tax(charge, rules);
            FinalLine {
                line_no: line.line_no,
                product_id: line.product_id,
                sku: line.sku.clone(),
                description: line.description.clone(),
                ordered: line.ordered,
                qty,
                backordered: line.backordered,
                unit_price: line.unit_price(),
                charge,
                tax,
                tax_adjusted,
                deposit_applied: applied.round(),
            }
        })
        .collect();
    let goods: Money = out.iter().map(|l| l.charge).sum();
    let tax: Money = out.iter().map(|l| l.tax).sum();
    let deposit_applied: Money = out.iter().map(|l| l.deposit_applied).sum();
    FinalInvoice {
        order,
        payment,
        due: gross(goods, tax, rules.prices_include_tax) - deposit_applied,
        lines: out,
        goods,
        tax,
        deposit_applied,
    }
}

/// The tax of a fill of a line and the deposit it applies (see the module notes).
fn apply_deposit(line: &OrderLine, charge: Money, rules: &OrderRules) -> (Money, Money) {
    let tax = line.tax(charge, rules);
    let held = line.held().max(Money::ZERO);
    let expected = gross(charge, tax, rules.prices_include_tax);
    let completes = line.backordered == 0;
    if !completes || held.is_zero() {
        return (tax, held.min(expected));
    }
    let rounding = held - charge - tax;
    let slack = Money::minor_unit().times(line.ordered);
    let only_rounding = !rules.prices_include_tax
        && line.tax_rate > Decimal::ZERO
        && held >= charge
        && rounding.max(-rounding) <= slack;
    if only_rounding {
        (held - charge, held)
    } else {
        (tax, held)
    }
}

/// What cancelling pending units of a line does with its deposit (see the module notes):
/// what goes back, and, when the line has nothing left pending, the charge its deposit pays
/// so that the units it kept cost what they cost bought alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelMoney {
    pub refund: Money,
    /// Goods charged now for the units kept (before tax; tax included when prices
    /// include it), paid by the deposit.
    pub charge: Money,
    pub charge_tax: Money,
}

impl CancelMoney {
    fn refund(refund: Money) -> CancelMoney {
        CancelMoney {
            refund: refund.round(),
            charge: Money::ZERO.round(),
            charge_tax: Money::ZERO.round(),
        }
    }

    /// What of the deposit the charge takes: the charge with its tax.
    pub fn applied(&self, rules: &OrderRules) -> Money {
        gross(self.charge, self.charge_tax, rules.prices_include_tax)
    }
}

/// Cancelling `cancelling` pending units of a line (see the module notes). Part of what is
/// pending: the line keeps of its deposit what its units still to come will cost so that its
/// charges come to T(kept), and the rest goes back, never more than the cancelled units
/// account for, never below zero. All of it (and a void): nothing more will come, so the
/// deposit pays what the units delivered still lack of T(delivered), charged now, and the
/// rest goes back; a deposit too small for that charges nothing and gives all it holds back.
pub fn cancel_refund(line: &OrderLine, cancelling: i64, rules: &OrderRules) -> CancelMoney {
    let held = line.held();
    if !held.is_positive() {
        return CancelMoney::refund(Money::ZERO);
    }
    let with_tax = |value: Money| gross(value, line.tax(value, rules), rules.prices_include_tax);
    let left = (line.pending() - cancelling).max(0);
    let still = line.value_of(left, rules);
    if left > 0 {
        let share = with_tax(line.value_of(line.pending(), rules)) - with_tax(still);
        return CancelMoney::refund((held - with_tax(still)).min(share).max(Money::ZERO));
    }
    let kept = with_tax(still);
    if kept > held {
        return CancelMoney::refund(held);
    }
    CancelMoney {
        refund: (held - kept).round(),
        charge: still.round(),
        charge_tax: line.tax(still, rules).round(),
    }
}

/// What each line does with its deposit when an order is voided: everything pending is
/// cancelled, by the rule of [`cancel_refund`].
pub fn void_refunds(lines: &[OrderLine], rules: &OrderRules) -> Vec<CancelMoney> {
    lines
        .iter()
        .map(|l| cancel_refund(l, l.pending(), rules))
        .collect()
}

/// True when a refund may go back this way (see the module notes): on account needs a
/// customer with an account.
pub fn refund_method_allowed(kind: TenderKind, customer_account: &str) -> bool {
    kind != TenderKind::Account || !customer_account.trim().is_empty()
}

/// A waiting line's place in the queue for a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueuePlace<'a> {
    /// When the line took its place (the order date unless an override moved units away).
    pub queued_at: &'a str,
    pub due: Option<&'a str>,
    pub order: i64,
    pub line_no: i64,
}

impl QueuePlace<'_> {
    /// The one queue order: the earlier place, then the earlier due date (none last), then
    /// order and line number.
    pub fn serve_order(&self, other: &QueuePlace<'_>) -> Ordering {
        self.queued_at
            .cmp(other.queued_at)
            .then_with(|| match (self.due, other.due) {
                (Some(a), Some(b)) => a.cmp(b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then(self.order.cmp(&other.order))
            .then(self.line_no.cmp(&other.line_no))
    }
}

/// Sorts items into queue order by their place.
pub fn sort_queue<T>(items: &mut [T], place: impl Fn(&T) -> QueuePlace<'_>) {
    items.sort_by(|a, b| place(a).serve_order(&place(b)));
}

/// The older orders a release to `order` passes over (see the module notes), oldest first.
/// `waiting` holds every line waiting for one product at one location, with its backordered
/// units, the order's own lines included; `releasing` units of the `available` stock go to
/// `order`.
pub fn passed_over(
    waiting: &[(QueuePlace<'_>, i64)],
    order: i64,
    releasing: i64,
    available: i64,
) -> Vec<i64> {
    let Some(mine) = waiting
        .iter()
        .map(|(place, _)| place)
        .filter(|place| place.order == order)
        .min_by(|a, b| a.serve_order(b))
    else {
        return Vec::new();
    };
    if releasing <= 0 {
        return Vec::new();
    }
    let mut older: Vec<&(QueuePlace<'_>, i64)> = waiting
        .iter()
        .filter(|(place, _)| place.order != order && place.serve_order(mine) == Ordering::Less)
        .collect();
    older.sort_by(|a, b| a.0.serve_order(&b.0));
    let wants: Vec<i64> = older.iter().map(|(_, want)| *want).collect();
    let mut orders = Vec::new();
    for ((place, want), take) in older.iter().zip(allocate(available - releasing, &wants)) {
        if take < *want && !orders.contains(&place.order) {
            orders.push(place.order);
        }
    }
    orders
}

/// Shares `available` units among lines wanting `wants` units each, in the order given
/// (queue order), oldest first: each takes what it wants while units last.
pub fn allocate(available: i64, wants: &[i64]) -> Vec<i64> {
    let mut left = available.max(0);
    wants
        .iter()
        .map(|&want| {
            let take = want.max(0).min(left);
            left -= take;
            take
        })
        .collect()
}

/// How a location's need is met: first by a transfer of what other locations have
/// available, then by a purchase of the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Restock {
    pub transfer: i64,
    pub purchase: i64,
}

/// Splits a need (see [`suggested_qty`]) into a transfer from the units other locations
/// have available and a purchase of the rest: stock in the yard is moved before more is
/// bought.
pub fn restock(need: i64, available_elsewhere: i64) -> Restock {
    let need = need.max(0);
    let transfer = need.min(available_elsewhere.max(0));
    Restock {
        transfer,
        purchase: need - transfer,
    }
}

/// When a count finds fewer units on hand than are promised to orders, the newest promises
/// give way: given the committed units of each waiting line in queue order (oldest first),
/// how many each gives back so that what stays promised fits in what was counted. A line
/// that gives units back keeps its place in the queue for them.
pub fn unpromise_newest(counted: i64, committed: &[i64]) -> Vec<i64> {
    let promised: i64 = committed.iter().map(|c| c.max(&0)).sum();
    let mut excess = (promised - counted.max(0)).max(0);
    let mut back = vec![0; committed.len()];
    for (give, &held) in back.iter_mut().zip(committed).rev() {
        let take = held.max(0).min(excess);
        *give = take;
        excess -= take;
    }
    back
}

/// Where a backordered quantity could be filled from now (green / blue on the screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fillable {
    /// No backorder, or no available stock anywhere.
    None,
    /// The available stock at the order's location covers the whole backordered quantity.
    Here,
    /// Not enough here, but another location has available units.
    Elsewhere,
}

/// Where `backordered` units could come from, given what is available at the order's
/// location and whether another location has any available.
pub fn fillable(backordered: i64, available_here: i64, available_elsewhere: bool) -> Fillable {
    if backordered <= 0 {
        Fillable::None
    } else if available_here >= backordered {
        Fillable::Here
    } else if available_elsewhere {
        Fillable::Elsewhere
    } else {
        Fillable::None
    }
}

/// How many of `backordered` units the stock available at the order's location covers now
/// (all of them when the line is [`Fillable::Here`]).
pub fn covered_here(backordered: i64, available_here: i64) -> i64 {
    available_here.clamp(0, backordered.max(0))
}

/// Of an order's backordered units, how many the stock here covers now, given each line's
/// (covered, backordered): `Some((covered, backordered))` when it covers some but not all
/// of them (1 of 3 here), `None` when it covers none or every one.
pub fn partly_here(lines: impl IntoIterator<Item = (i64, i64)>) -> Option<(i64, i64)> {
    let (covered, backordered) = lines
        .into_iter()
        .fold((0, 0), |(c, b), (covered, backordered)| {
            (c + covered.max(0), b + backordered.max(0))
        });
    (covered > 0 && covered < backordered).then_some((covered, backordered))
}

/// True when an order has something to hand over now: committed units, or a backordered
/// line the stock here covers.
pub fn is_ready(committed: i64, fillable: &[Fillable]) -> bool {
    committed > 0 || fillable.contains(&Fillable::Here)
}

/// The kinds of fillable backorder on an order's lines, here first. Each line keeps its
/// own: an order with one line the stock here covers and another that only another
/// location can fill has both, never one colour for all.
pub fn fillable_kinds(lines: &[Fillable]) -> Vec<Fillable> {
    [Fillable::Here, Fillable::Elsewhere]
        .into_iter()
        .filter(|kind| lines.contains(kind))
        .collect()
}

/// True when an order is overdue: its due date is before `today` and units are still
/// pending on it (committed or backordered).
pub fn is_overdue(due: Option<Date>, today: Date, pending: i64) -> bool {
    pending > 0 && due.is_some_and(|due| due < today)
}

/// The purchase suggestion for a product at one location: restock to the minimum (at least
/// the reorder quantity) when available is below it, plus the backordered demand that the
/// stock above the minimum does not cover.
pub fn suggested_qty(available: i64, min_stock: i64, reorder_qty: i64, backordered: i64) -> i64 {
    let restock = if available < min_stock {
        reorder_qty.max(min_stock - available)
    } else {
        0
    };
    let spare = (available - min_stock).max(0);
    restock + (backordered - spare).max(0)
}

#[cfg(test)]
mod tests;
