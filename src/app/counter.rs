//! The sale in progress and the store behind the counter screen: every decision of the
//! counter flow (SPEC section 3) goes through here, the domain deciding and the store
//! writing. The screen layer only asks and shows.

use std::path::PathBuf;

use crate::config::Config;
use crate::domain::sale::{
    self, LineOutcome, Override, Payment, Rules, SaleLine, SaleTotals, TenderKind,
};
use crate::domain::tender::settle;
use crate::domain::{Customer, Money, Role, User};
use crate::store::sales::{CommitError, Committed, SaleToCommit};
use crate::store::{Store, StoreError};

use super::sale::{SaleLineView, SaleView, TotalsView};

/// A sale being rung up.
#[derive(Debug, Clone, Default)]
pub struct Sale {
    pub customer: Option<Customer>,
    pub lines: Vec<SaleLine>,
    /// How undelivered units are paid if the sale becomes a customer order.
    pub payment: Payment,
    /// Manager decisions to write to the audit log with the sale: (action, detail).
    pub audit: Vec<(String, String)>,
}

/// The store, config and signed-in user behind the screen, with the sale in progress.
pub struct Counter {
    pub store: Store,
    pub config: Config,
    pub user: User,
    pub sale: Sale,
    pub last_invoice: Option<i64>,
}

/// What a finished sale left behind, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub committed: Committed,
    pub change: Money,
    pub receipt: Result<PathBuf, String>,
}

impl Counter {
    pub fn new(store: Store, config: Config, user: User) -> Counter {
        let payment = config.backorders.payment;
        let last_invoice = store.last_invoice_number().ok().flatten();
        Counter {
            store,
            config,
            user,
            sale: Sale {
                payment,
                ..Sale::default()
            },
            last_invoice,
        }
    }

    pub fn rules(&self) -> Rules {
        self.config.sale_rules()
    }

    fn location(&self) -> &str {
        &self.config.store.location
    }

    pub fn outcomes(&self) -> Vec<LineOutcome> {
        let rules = self.rules();
        self.sale.lines.iter().map(|l| l.outcome(&rules)).collect()
    }

    pub fn totals(&self) -> SaleTotals {
        sale::totals(
            &self.outcomes(),
            self.sale.payment,
            self.config.tax.prices_include_tax,
        )
    }

    /// True when the sale leaves units for a customer order (Backorders Found).
    pub fn needs_order(&self) -> bool {
        sale::needs_order(&self.outcomes())
    }

    pub fn is_manager(&self) -> bool {
        self.user.role == Role::Manager
    }

    /// Starts a fresh sale (after a commit).
    pub fn new_sale(&mut self) {
        self.sale = Sale {
            payment: self.config.backorders.payment,
            ..Sale::default()
        };
    }

    /// Rings `qty` of the product with this SKU or barcode; the same product again adds to
    /// its line. Returns the line's index.
    pub fn add_item(&mut self, code: &str, qty: u32) -> Result<usize, String> {
        let line = self
            .store
            .ring_line(
                code,
                qty,
                self.sale.customer.as_ref(),
                &self.config.store.location,
                &self.config.tax.rates,
            )
            .map_err(|e| e.to_string())?;
        if let Some(i) = self
            .sale
            .lines
            .iter()
            .position(|l| l.product_id == line.product_id)
        {
            let new_qty = self.sale.lines[i].ordered.saturating_add(qty);
            self.set_quantity(i, new_qty)?;
            return Ok(i);
        }
        line.check_quantity(&self.rules())
            .map_err(|e| e.to_string())?;
        self.sale.lines.push(line);
        Ok(self.sale.lines.len() - 1)
    }

    pub fn set_quantity(&mut self, index: usize, qty: u32) -> Result<(), String> {
        if !(1..=1_000_000).contains(&qty) {
            return Err(format!("quantity {qty}: must be from 1 to 1,000,000"));
        }
        let rules = self.rules();
        let mut line = self.line(index)?.clone();
        self.store
            .refresh_available(&mut line, &self.config.store.location)
            .map_err(|e| e.to_string())?;
        line.ordered = qty;
        line.held_back = line.held_back.min(qty);
        line.manual_backorder = line.manual_backorder.min(qty - line.held_back);
        line.check_quantity(&rules).map_err(|e| e.to_string())?;
        // Tiers depend on the quantity; the frozen price list already holds every break.
        self.sale.lines[index] = line;
        Ok(())
    }

    fn line(&self, index: usize) -> Result<&SaleLine, String> {
        self.sale
            .lines
            .get(index)
            .ok_or_else(|| "no line selected: ring an item first".to_string())
    }

    pub fn remove_line(&mut self, index: usize) -> Option<SaleLine> {
        (index < self.sale.lines.len()).then(|| self.sale.lines.remove(index))
    }

    /// Holds back `n` units of an in-stock line for the customer to pick up later.
    pub fn hold_back(&mut self, index: usize, n: u32) -> Result<(), String> {
        if self.sale.customer.is_none() {
            return Err(sale::SaleError::NeedsCustomer.to_string());
        }
        let line = self.line(index)?;
        let can = line
            .ordered
            .min(u32::try_from(line.stock_for_line()).unwrap_or(u32::MAX));
        if n > can {
            return Err(sale::SaleError::HoldBackTooMany {
                sku: line.sku.clone(),
                requested: n,
                can,
            }
            .to_string());
        }
        let line = &mut self.sale.lines[index];
        line.held_back = n;
        line.manual_backorder = line.manual_backorder.min(line.ordered - n);
        Ok(())
    }

    /// Sets the backordered quantity of a line by hand (e.g. the shelf stock is damaged).
    pub fn set_backordered(&mut self, index: usize, n: u32) -> Result<(), String> {
        let line = self.line(index)?;
        let can = line.ordered - line.held_back;
        if n > can {
            return Err(sale::SaleError::BackorderTooMany {
                sku: line.sku.clone(),
                requested: n,
                can,
            }
            .to_string());
        }
        self.sale.lines[index].manual_backorder = n;
        Ok(())
    }

    /// Bill To: reprices every line for the customer (special prices, level discount).
    pub fn set_customer(&mut self, customer: Option<Customer>) -> Result<(), String> {
        let mut lines = Vec::with_capacity(self.sale.lines.len());
        for old in &self.sale.lines {
            let mut line = self
                .store
                .ring_line(
                    &old.sku,
                    old.ordered,
                    customer.as_ref(),
                    self.location(),
                    &self.config.tax.rates,
                )
                .map_err(|e| e.to_string())?;
            line.held_back = if customer.is_some() { old.held_back } else { 0 };
            line.manual_backorder = old.manual_backorder;
            line.overrides.clone_from(&old.overrides);
            lines.push(line);
        }
        self.sale.lines = lines;
        self.sale.customer = customer;
        Ok(())
    }

    /// Units of a line still backordered.
    pub fn backordered(&self, index: usize) -> u32 {
        self.outcomes().get(index).map_or(0, |o| o.backordered)
    }

    /// Override: deliver the backordered units anyway. On hand may go below zero only when
    /// the config allows it or a manager confirmed it (`approved_negative`).
    pub fn override_ignore(
        &mut self,
        index: usize,
        approver: &str,
        approved_negative: bool,
    ) -> Result<u32, String> {
        let qty = self.backordered(index);
        if qty == 0 {
            return Err("this line has nothing backordered".into());
        }
        if !self.config.backorders.allow_negative_inventory && !approved_negative {
            return Err(
                "delivering beyond stock drives on hand below zero: a manager must confirm".into(),
            );
        }
        let line = &mut self.sale.lines[index];
        line.overrides.push(Override::Ignore { qty });
        line.manual_backorder = 0;
        self.sale.audit.push((
            "override_approved".into(),
            format!(
                "{approver} approved delivering {qty} of {} beyond stock",
                line.sku
            ),
        ));
        Ok(qty)
    }

    /// Pending orders at this location holding committed units of the line's product,
    /// oldest first: (order, line_no, customer name, committed).
    pub fn release_candidates(&self, index: usize) -> Result<Vec<(i64, i64, String, i64)>, String> {
        let line = self.line(index)?;
        let taken: Vec<(i64, i64)> = line
            .overrides
            .iter()
            .filter_map(|o| match o {
                Override::Release { order, line_no, .. } => Some((*order, *line_no)),
                Override::Ignore { .. } => None,
            })
            .collect();
        let candidates = self
            .store
            .orders_holding(line.product_id, self.location())
            .map_err(|e| e.to_string())?;
        Ok(candidates
            .into_iter()
            .filter(|(o, l, _, _)| !taken.contains(&(*o, *l)))
            .collect())
    }

    /// Override: move committed units from another customer's order to this sale.
    pub fn override_release(
        &mut self,
        index: usize,
        order: i64,
        line_no: i64,
        qty: u32,
        approver: &str,
    ) -> Result<(), String> {
        let line = &mut self.sale.lines[index];
        line.overrides.push(Override::Release {
            order,
            line_no,
            qty,
        });
        line.manual_backorder = line.manual_backorder.saturating_sub(qty);
        self.sale.audit.push((
            "override_approved".into(),
            format!(
                "{approver} approved moving {qty} of {} from order {order}",
                line.sku
            ),
        ));
        Ok(())
    }

    /// Backorders Found → Clear backorders: only what is delivered (and held back) is sold.
    pub fn clear_backorders(&mut self) {
        let outcomes = self.outcomes();
        let mut kept = Vec::new();
        for (mut line, outcome) in self.sale.lines.drain(..).zip(outcomes) {
            let qty = outcome.delivered + outcome.held_back;
            if qty == 0 {
                continue;
            }
            line.ordered = qty;
            line.manual_backorder = 0;
            kept.push(line);
        }
        self.sale.lines = kept;
        self.sale.audit.push((
            "clear_backorders".into(),
            "backordered units dropped from the sale".into(),
        ));
    }

    /// Backorders Found → Fill all backorders (manager approved): deliver everything.
    pub fn fill_all(&mut self, approver: &str) -> u32 {
        let mut filled = 0;
        for i in 0..self.sale.lines.len() {
            let qty = self.backordered(i);
            if qty > 0 {
                let line = &mut self.sale.lines[i];
                line.overrides.push(Override::Ignore { qty });
                line.manual_backorder = 0;
                filled += qty;
            }
        }
        self.sale.audit.push((
            "fill_all_backorders".into(),
            format!("{approver} approved delivering {filled} backordered unit(s) beyond stock"),
        ));
        filled
    }

    /// The customer's balance on account (all on-account tenders so far).
    pub fn account_balance(&self, customer: &Customer) -> Result<Money, String> {
        self.store
            .account_balance(customer.id)
            .map_err(|e| e.to_string())
    }

    /// Checks one tender against what remains due, the credit limit included.
    pub fn check_tender(
        &self,
        kind: TenderKind,
        amount: Money,
        remaining: Money,
        on_account_so_far: Money,
    ) -> Result<(), String> {
        sale::check_tender(kind, amount, remaining).map_err(|e| e.to_string())?;
        if kind == TenderKind::Account {
            let customer = self
                .sale
                .customer
                .as_ref()
                .ok_or_else(|| sale::TenderError::AccountNeedsCustomer.to_string())?;
            let balance = self.account_balance(customer)? + on_account_so_far;
            if balance + amount > customer.credit_limit {
                return Err(sale::TenderError::OverCreditLimit {
                    offered: amount,
                    limit: customer.credit_limit,
                    balance,
                }
                .to_string());
            }
        }
        Ok(())
    }

    /// Writes the sale in one transaction, then prints the receipt. On failure nothing is
    /// written and the sale stays as it was; stock is re-read so the screen shows what
    /// is available now.
    pub fn commit(&mut self, tenders: &[(TenderKind, Money)]) -> Result<Finished, String> {
        let outcomes = self.outcomes();
        let totals = self.totals();
        let change = settle(totals.due, tenders)
            .map_err(|e| e.to_string())?
            .change;
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
            minor_units: self.config.store.minor_units,
            audit: &self.sale.audit,
        });
        let committed = match result {
            Ok(c) => c,
            Err(e) => {
                self.refresh_stock();
                return Err(describe_commit_error(&e));
            }
        };
        self.last_invoice = Some(committed.invoice);
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

    /// Writes the receipt of an invoice to the configured output; returns where it went.
    pub fn print_receipt(&mut self, invoice: i64) -> Result<PathBuf, String> {
        let width = self.config.receipt.width;
        let text = self
            .store
            .receipt_text(invoice, width, &self.config.store)
            .map_err(|e| e.to_string())?;
        let path = match &self.config.receipt.output {
            Some(path) => path.clone(),
            None => self
                .config
                .data_dir
                .join("receipts")
                .join(format!("invoice-{invoice:06}.txt")),
        };
        write_receipt(&path, &text).map_err(|e| format!("receipt for invoice {invoice}: {e}"))?;
        Ok(path)
    }

    /// The sale as the screen shows it.
    pub fn view(&self) -> SaleView {
        let outcomes = self.outcomes();
        let totals = self.totals();
        let mu = self.config.store.minor_units;
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
                availability: Some(self.availability(line)),
            })
            .collect();
        SaleView {
            customer: self
                .sale
                .customer
                .as_ref()
                .map(|c| format!("{} ({})", c.name, c.account)),
            lines,
            totals: TotalsView {
                subtotal: totals.goods.round(mu).to_string(),
                tax: totals.tax.round(mu).to_string(),
                total: totals.due.round(mu).to_string(),
                deposit: (!totals.deposit.is_zero()).then(|| totals.deposit.to_string()),
                pending: (!totals.pending.is_zero()).then(|| totals.pending.to_string()),
            },
        }
    }

    fn availability(&self, line: &SaleLine) -> String {
        let here = format!("{} {} available", self.location(), line.available.max(0));
        let elsewhere = self
            .store
            .available_elsewhere(line.product_id, self.location())
            .unwrap_or_default();
        if elsewhere.is_empty() {
            format!("{here} · none elsewhere")
        } else {
            let others: Vec<String> = elsewhere.iter().map(|(l, n)| format!("{l} {n}")).collect();
            format!("{here} · {}", others.join(" · "))
        }
    }
}

/// Appends to a device or file; a receipt file of its own is created with its folder.
fn write_receipt(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")?;
    file.flush()
}

fn describe_commit_error(e: &CommitError) -> String {
    match e {
        CommitError::Store(StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)))
            if f.code == rusqlite::ErrorCode::DatabaseBusy
                || f.code == rusqlite::ErrorCode::DatabaseLocked =>
        {
            "the database is busy (another terminal is writing); nothing was written, press F10 to try again".into()
        }
        CommitError::Store(StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)))
            if f.code == rusqlite::ErrorCode::DiskFull =>
        {
            "the disk is full; nothing was written, the sale is still here".into()
        }
        other => format!("{other}; nothing was written, the sale is still here"),
    }
}
