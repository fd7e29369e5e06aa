//! The counter as a service: the store, config and signed-in user, with the sale in
//! progress held in memory. The screens, `ringup sale` and the bench all ring through it.
//! Glue only: load what a rule needs from the store, ask the domain's [`Sale`], write
//! through the store. The rules themselves are in `crate::domain::sale`.

pub mod error;
pub mod print;
pub mod view;

use std::path::PathBuf;

use crate::config::Config;
use crate::domain::parked::{
    ParkKind, ParkedLine, PriceChange, QuoteFigures, payment_of, recall_line,
};
use crate::domain::policy::{self, Decision, Operation};
use crate::domain::sale::{
    Holding, LineOutcome, NegativeStock, Rules, Sale, SaleLine, SaleTotals, TenderKind,
};
use crate::domain::{Customer, Money, User};
use crate::present::escpos::Slip;
use crate::store::parked::{ParkedSale, QuoteTerms, ToPark};
use crate::store::policy::Approval;
use crate::store::sales::{Committed, SaleToCommit};
use crate::store::{Store, StoreError};

pub use error::Error;
use print::{Reprint, print_invoice, print_slip, reprint};
use view::{SaleLineView, SaleView, TotalsView};

/// The counter's errors, under the name the screens know them by.
type AppError = Error;

/// The store, config and signed-in user behind the screen, with the sale in progress.
pub struct Counter {
    pub store: Store,
    pub config: Config,
    pub user: User,
    pub sale: Sale,
    pub last_invoice: Option<i64>,
    /// The change of the sale just finished, shown large until the next sale starts.
    pub change_due: Option<Money>,
    /// The approvals managers gave for this sale's decisions (overrides, price cuts, on
    /// account over the limit); the store checks them against what it writes.
    pub approvals: Vec<Approval>,
    /// What the Bill To owed on account when they were picked: (customer id, owed). Read
    /// with the customer, so the tender shows it without a read of its own.
    pub owed: Option<(i64, Money)>,
}

/// What a finished sale left behind, for the status line.
#[derive(Debug)]
pub struct Finished {
    pub committed: Committed,
    pub change: Money,
    pub receipt: Result<PathBuf, AppError>,
}

impl Counter {
    pub fn new(mut store: Store, config: Config, user: User) -> Counter {
        store.set_limits(config.limits());
        let sale = Sale::new(config.backorders.payment);
        // A store that cannot say its last invoice yet simply has nothing to reprint.
        let last_invoice = store.last_invoice_number().ok().flatten();
        Counter {
            store,
            config,
            user,
            sale,
            last_invoice,
            change_due: None,
            approvals: Vec::new(),
            owed: None,
        }
    }

    /// The Bill To's account as read when they were picked: what they owe, their credit
    /// limit and what is left of it. None for a cash sale, or if it was not read.
    pub fn account(&self) -> Option<view::AccountView> {
        let customer = self.sale.customer.as_ref()?;
        let (id, owed) = self.owed?;
        (id == customer.id).then(|| view::AccountView::new(owed, customer.credit_limit))
    }

    pub fn rules(&self) -> Rules {
        self.config.sale_rules()
    }

    pub fn location(&self) -> &str {
        &self.config.store.location
    }

    pub fn totals(&self) -> SaleTotals {
        self.sale.totals(&self.rules())
    }

    /// True when the sale leaves units for a customer order (Backorders Found).
    pub fn needs_order(&self) -> bool {
        self.sale.needs_order(&self.rules())
    }

    /// What the policy says of `op` by the user signed in here.
    pub fn decide(&self, op: &Operation) -> Decision {
        policy::decide(op, self.user.role, self.store.limits())
    }

    /// Whether the user signed in here may do `what`, a manager's work, alone.
    pub fn may(&self, what: &str) -> bool {
        self.decide(&Operation::Managing(what.to_string())) == Decision::Allowed
    }

    /// Starts a fresh sale (after a commit).
    pub fn new_sale(&mut self) {
        self.sale = Sale::new(self.config.backorders.payment);
        self.approvals.clear();
    }

    fn ring(
        &self,
        code: &str,
        qty: u32,
        customer: Option<&Customer>,
    ) -> Result<SaleLine, AppError> {
        Ok(self
            .store
            .ring_line(code, qty, customer, self.location(), &self.config.tax.rates)?)
    }

    /// Rings `qty` of the product with this SKU or barcode; the same product again adds to
    /// its line. Returns the line's index.
    pub fn add_item(&mut self, code: &str, qty: u32) -> Result<usize, AppError> {
        let line = self.ring(code, qty, self.sale.customer.as_ref())?;
        let rules = self.rules();
        let index = self.sale.add(line, &rules)?;
        // The next sale has started: the last one's change is handed over.
        self.change_due = None;
        Ok(index)
    }

    /// The quantity a line comes to if `qty` of `code` is rung: the same SKU again adds
    /// to its line.
    pub fn quantity_after_ringing(&self, code: &str, qty: u32) -> u32 {
        self.sale
            .lines
            .iter()
            .find(|l| l.sku.eq_ignore_ascii_case(code))
            .map_or(qty, |l| l.ordered.saturating_add(qty))
    }

    pub fn set_quantity(&mut self, index: usize, qty: u32) -> Result<(), AppError> {
        let mut line = self.sale.line(index)?.clone();
        self.store.refresh_available(&mut line, self.location())?;
        let rules = self.rules();
        Ok(self.sale.set_quantity(index, qty, line.available, &rules)?)
    }

    /// Bill To: reprices every line for the customer (special prices, level discount).
    pub fn set_customer(&mut self, customer: Option<Customer>) -> Result<(), AppError> {
        let repriced = self
            .sale
            .lines
            .iter()
            .map(|old| self.ring(&old.sku, old.ordered, customer.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        self.sale.set_customer(customer, repriced);
        Ok(())
    }

    /// Override: deliver the backordered units anyway (a manager approved).
    pub fn override_ignore(&mut self, index: usize, approver: &str) -> Result<u32, AppError> {
        let rules = self.rules();
        let negative = NegativeStock {
            allowed: self.config.backorders.allow_negative_inventory,
            approved: true,
        };
        Ok(self
            .sale
            .override_ignore(index, approver, negative, &rules)?)
    }

    /// Pending orders at this location holding committed units of the line's product that
    /// the line has not taken from yet, oldest first.
    pub fn release_candidates(&self, index: usize) -> Result<Vec<Holding>, AppError> {
        let line = self.sale.line(index)?;
        let holding = self
            .store
            .orders_holding(line.product_id, self.location())?;
        Ok(self.sale.releasable(index, holding)?)
    }

    pub fn clear_backorders(&mut self) {
        let rules = self.rules();
        self.sale.clear_backorders(&rules);
    }

    pub fn fill_all(&mut self, approver: &str) -> u32 {
        let rules = self.rules();
        self.sale.fill_all(approver, &rules)
    }

    /// Checks one tender against what remains due, the credit limit included.
    pub fn check_tender(
        &self,
        kind: TenderKind,
        amount: Money,
        remaining: Money,
        on_account_so_far: Money,
    ) -> Result<(), AppError> {
        let balance = match (&self.sale.customer, kind) {
            (Some(customer), TenderKind::Account) => self.store.account_balance(customer.id)?,
            _ => Money::ZERO,
        };
        Ok(self
            .sale
            .check_tender(kind, amount, remaining, balance, on_account_so_far)?)
    }

    /// Writes the sale in one transaction, then prints the receipt. On failure nothing is
    /// written and the sale stays as it was; stock is re-read so the screen shows what
    /// is available now.
    pub fn commit(&mut self, tenders: &[(TenderKind, Money)]) -> Result<Finished, AppError> {
        let rules = self.rules();
        let outcomes = self.sale.outcomes(&rules);
        let totals = self.sale.totals(&rules);
        let change = self.sale.settle(tenders, &rules)?.change;
        let user = self.user.name.clone();
        let result = self.store.commit_sale(&SaleToCommit {
            location: &self.config.store.location,
            user: &user,
            customer: self.sale.customer.as_ref(),
            lines: &self.sale.lines,
            outcomes: &outcomes,
            payment: self.sale.payment,
            totals: &totals,
            tenders,
            change,
            prices_include_tax: self.config.tax.prices_include_tax,
            audit: &self.sale.audit,
            approvals: &self.approvals,
        });
        let committed = match result {
            Ok(c) => c,
            Err(e) => {
                self.refresh_stock();
                return Err(e.into());
            }
        };
        self.last_invoice = Some(committed.invoice);
        self.change_due = Some(change);
        let receipt = self.print_receipt(committed.invoice);
        self.new_sale();
        Ok(Finished {
            committed,
            change,
            receipt,
        })
    }

    fn refresh_stock(&mut self) {
        let location = self.config.store.location.clone();
        for line in &mut self.sale.lines {
            // A failed read leaves the old figure; the next commit checks again anyway.
            let _ = self.store.refresh_available(line, &location);
        }
    }

    /// Voids the sale on screen: the void is audited (who, how many lines, what total) and
    /// nothing else is written. Returns (lines, total) for the status line.
    pub fn void_sale(&mut self) -> Result<(usize, Money), AppError> {
        let lines = self.sale.lines.len();
        let total = self.totals().due.round();
        let customer = self.sale.customer.as_ref().map(|c| c.account.clone());
        let location = self.config.store.location.clone();
        self.store.record_void(
            &self.user.name,
            &location,
            lines,
            total,
            customer.as_deref(),
        )?;
        self.new_sale();
        Ok((lines, total))
    }

    /// Puts the sale on screen aside (parked, or as a numbered quote) in the store, where
    /// any terminal can recall it, and clears the screen.
    pub fn park(&mut self, kind: ParkKind) -> Result<ParkedSale, AppError> {
        let rules = self.rules();
        let outcomes = self.sale.outcomes(&rules);
        let lines: Vec<ParkedLine> = self
            .sale
            .lines
            .iter()
            .zip(&outcomes)
            .map(|(line, outcome)| ParkedLine::of(line, outcome))
            .collect();
        let figures = QuoteFigures::of(&self.sale.lines, &outcomes, rules.prices_include_tax);
        let valid_days = jiff::Span::new().days(self.config.quotes.valid_days);
        let terms = QuoteTerms {
            tax: figures.tax,
            due: figures.due,
            valid_until: self
                .store
                .today()
                .checked_add(valid_days)
                .unwrap_or(jiff::civil::Date::MAX)
                .to_string(),
        };
        let parked = self.store.park_sale(&ToPark {
            kind,
            location: &self.config.store.location,
            user: &self.user.name,
            customer: self.sale.customer.as_ref(),
            payment: self.sale.payment,
            lines: &lines,
            total: figures.goods,
            quote: (kind == ParkKind::Quote).then_some(&terms),
            discount: self.sale.discount.as_ref(),
        })?;
        self.new_sale();
        Ok(parked)
    }

    /// Brings a parked sale or quote back as the sale in progress, its lines rung afresh
    /// (today's prices and stock). Returns it, with the lines whose price moved.
    pub fn recall(&mut self, id: i64) -> Result<(ParkedSale, Vec<PriceChange>), AppError> {
        // Rung before it leaves the list: a line that cannot be rung now leaves it parked.
        let parked = self.store.parked_sale(id)?.ok_or_else(|| {
            StoreError::bad_input(
                "parked sale",
                id,
                "is no longer parked: another terminal recalled it",
            )
        })?;
        let customer = match parked.customer_id {
            Some(id) => self.store.customer_by_id(id)?,
            None => None,
        };
        let rules = self.rules();
        let mut sale = Sale::new(payment_of(&parked.payment, self.config.backorders.payment));
        let mut changes = Vec::new();
        for line in &parked.lines {
            let fresh = self.ring(&line.sku, line.ordered, customer.as_ref())?;
            let (recalled, change) =
                recall_line(line, fresh, customer.is_some(), parked.discount.as_ref());
            recalled.check_quantity(&rules)?;
            sale.lines.push(recalled);
            changes.extend(change);
        }
        self.owed = match &customer {
            Some(c) => Some((c.id, self.store.account_balance(c.id)?)),
            None => None,
        };
        sale.customer = customer;
        sale.discount.clone_from(&parked.discount);
        let parked = self.store.recall_parked(id, &self.user.name)?;
        self.sale = sale;
        self.approvals.clear();
        self.change_due = None;
        Ok((parked, changes))
    }

    /// Prints a quote to the configured receipt output; returns where it went.
    pub fn print_quote(&self, quote: &ParkedSale) -> Result<PathBuf, AppError> {
        let text = crate::present::receipt::quote_text(
            quote,
            self.config.receipt.width,
            &self.config.store,
        );
        let number = quote.number.unwrap_or_default();
        let slip = Slip {
            text: &text,
            barcode: None,
            open_drawer: false,
        };
        print_slip(&self.config, &format!("quote-{number:06}.txt"), &slip)
            .map_err(|source| AppError::Quote { number, source })
    }

    /// Prints the receipt of an invoice just written; the drawer opens if it took cash.
    /// Returns where it went.
    pub fn print_receipt(&mut self, invoice: i64) -> Result<PathBuf, AppError> {
        print_invoice(&mut self.store, &self.config, invoice)
    }

    /// Prints the receipt of an invoice again (Ctrl-P), marked COPY: the drawer stays shut.
    pub fn reprint_receipt(&mut self, invoice: i64) -> Result<PathBuf, AppError> {
        reprint(&self.store, &self.config, Reprint::Invoice(invoice))
    }

    /// The sale as the screen shows it.
    pub fn view(&self) -> SaleView {
        let rules = self.rules();
        let outcomes = self.sale.outcomes(&rules);
        let totals = self.sale.totals(&rules);
        let lines = self
            .sale
            .lines
            .iter()
            .zip(&outcomes)
            .map(|(line, o)| SaleLineView {
                sku: line.sku.clone(),
                description: line.description.clone(),
                ordered: i64::from(line.ordered),
                delivered: i64::from(o.delivered),
                held_back: i64::from(o.held_back),
                backordered: i64::from(o.backordered),
                unit_price: o.unit_price.to_string(),
                extension: o.total.to_string(),
                price_note: line.price_note(),
                price_mark: line.price_marker(),
                availability: Some(self.availability(line, o)),
            })
            .collect();
        SaleView {
            change_due: self
                .change_due
                .zip(self.last_invoice)
                .map(|(change, invoice)| (invoice, change.round().to_string())),
            customer: self
                .sale
                .customer
                .as_ref()
                .map(|c| format!("{} ({})", c.name, c.account)),
            lines,
            totals: TotalsView {
                subtotal: totals.goods.round().to_string(),
                tax: totals.tax.round().to_string(),
                total: totals.due.round().to_string(),
                deposit: (!totals.deposit.is_zero()).then(|| totals.deposit.to_string()),
                pending: (!totals.pending.is_zero()).then(|| totals.pending.to_string()),
            },
        }
    }

    fn availability(&self, line: &SaleLine, outcome: &LineOutcome) -> String {
        // What is left here after this sale first: that is what the clerk promises from.
        let here = format!(
            "{} {} after sale ({} now)",
            self.location(),
            line.available_after(outcome),
            line.available.max(0)
        );
        // Stock elsewhere as read when the line was rung: a key that changes nothing reads
        // nothing.
        let elsewhere = &line.elsewhere;
        if elsewhere.is_empty() {
            format!("{here} · none elsewhere")
        } else {
            let others: Vec<String> = elsewhere.iter().map(|(l, n)| format!("{l} {n}")).collect();
            format!("{here} · {}", others.join(" · "))
        }
    }
}
