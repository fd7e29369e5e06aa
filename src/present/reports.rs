//! Reports as the command line and the screen both show them: an aligned text table, CSV
//! with a header row, or JSON, with the configured currency places. One module, so the
//! screen's report view and `ringup report` can never disagree.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use super::cells::CellText;
use crate::domain::Money;
use crate::domain::calendar::{day_of, minute_of};
use crate::domain::order::Fillable;
use crate::domain::text;
use crate::store::orders::{Notice, OrderInProcess};
use crate::store::reports::{AgingRow, BackorderRow, DepositRow, ReportRow, Scope};
use crate::store::{Store, StoreError};
use jiff::tz::TimeZone;

/// The reports of SPEC section 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportName {
    /// Orders with backordered lines.
    Backorders,
    /// Open demand by product.
    Backlog,
    /// Products below their minimum, with backordered demand added.
    Reorder,
    /// Outstanding deposits by order.
    Deposits,
    /// Suggested purchase quantities per supplier.
    Purchase,
    /// Backorders by days waited (0-7, 8-30, 31-90, 90+), with their value.
    Aging,
}

impl ReportName {
    /// The report's name as the command line takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportName::Backorders => "backorders",
            ReportName::Backlog => "backlog",
            ReportName::Reorder => "reorder",
            ReportName::Deposits => "deposits",
            ReportName::Purchase => "purchase",
            ReportName::Aging => "aging",
        }
    }

    /// Whether the report looks at the stock of one location (or of all): the others
    /// cover the whole store.
    pub fn by_location(self) -> bool {
        matches!(
            self,
            ReportName::Backlog | ReportName::Reorder | ReportName::Purchase
        )
    }
}

impl std::fmt::Display for ReportName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a report or a document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing the report as CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the report as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// The text marker of an overdue order, beside its due date, where colours are off
/// (NO_COLOR) and in tables.
pub const OVERDUE_MARKER: &str = "!";

/// The text marker of a fillable backorder where colours are off (NO_COLOR) and in tables.
pub fn fillable_marker(fillable: Fillable) -> &'static str {
    match fillable {
        Fillable::None => "",
        Fillable::Here => "*",
        Fillable::Elsewhere => "@",
    }
}

/// A notice as one cell: `2026-03-02 10:15 phone morgan`.
pub fn notice_text(notice: &Notice, zone: &TimeZone) -> String {
    format!(
        "{} {} {}",
        minute_of(&notice.at, zone),
        notice.via,
        notice.by
    )
}

/// One line of the orders list in CSV and table form.
#[derive(Debug, Serialize)]
struct OrderListRow<'a> {
    order: i64,
    invoice: i64,
    customer: &'a str,
    name: &'a str,
    date: String,
    due: Option<&'a str>,
    overdue: bool,
    status: &'a str,
    payment: &'a str,
    deposit: Money,
    phone: &'a str,
    email: &'a str,
    days_ready: Option<i64>,
    notified: Option<String>,
    line: i64,
    sku: &'a str,
    ordered: i64,
    delivered: i64,
    committed: i64,
    backordered: i64,
    cancelled: i64,
    fillable: Fillable,
    days_waiting: Option<i64>,
    backordered_value: Money,
    eta: Option<&'a str>,
    po: Option<i64>,
}

impl ReportRow for OrderListRow<'_> {
    const COLUMNS: &'static [&'static str] = &[
        "order",
        "invoice",
        "customer",
        "name",
        "date",
        "due",
        "overdue",
        "status",
        "payment",
        "deposit",
        "phone",
        "email",
        "days_ready",
        "notified",
        "line",
        "sku",
        "ordered",
        "delivered",
        "committed",
        "backordered",
        "cancelled",
        "fillable",
        "days_waiting",
        "backordered_value",
        "eta",
        "po",
    ];
}

/// Where the orders table puts its markers: after the due date and the backordered units,
/// whose overdue and fillable columns it leaves out.
struct Marked {
    due: Option<usize>,
    backordered: Option<usize>,
    left_out: [Option<usize>; 2],
}

impl Marked {
    fn shown(&self, column: usize) -> bool {
        !self.left_out.contains(&Some(column))
    }

    /// A row's cells as the table shows them.
    fn mark<'c>(
        &self,
        cells: impl Iterator<Item = &'c str>,
        row: &OrderListRow<'_>,
    ) -> impl Iterator<Item = Cow<'c, str>> {
        let marker = move |i: usize| match () {
            _ if Some(i) == self.due && row.overdue => OVERDUE_MARKER,
            _ if Some(i) == self.backordered => fillable_marker(row.fillable),
            _ => "",
        };
        cells
            .enumerate()
            .filter(|(i, _)| self.shown(*i))
            .map(move |(i, cell)| match marker(i) {
                "" => Cow::Borrowed(cell),
                m => Cow::Owned(format!("{cell}{m}")),
            })
    }
}

pub fn print_orders(
    out: &mut impl Write,
    format: Format,
    orders: &[OrderInProcess],
    zone: &TimeZone,
) -> Result<(), ReportError> {
    if format == Format::Json {
        writeln!(out, "{}", super::json(orders, zone)?)?;
        return Ok(());
    }
    let rows: Vec<OrderListRow<'_>> = orders
        .iter()
        .flat_map(|o| {
            let d = &o.doc;
            d.lines
                .iter()
                .zip(&o.fillable)
                .map(move |(l, f)| OrderListRow {
                    order: d.number,
                    invoice: d.invoice,
                    customer: &d.customer,
                    name: &d.customer_name,
                    date: day_of(&d.ordered_at, zone),
                    due: d.due.as_deref(),
                    overdue: o.overdue,
                    status: d.status.as_str(),
                    payment: d.payment.as_str(),
                    deposit: d.deposit,
                    phone: &d.phone,
                    email: &d.email,
                    days_ready: o.days_ready,
                    notified: o.notified.as_ref().map(|n| notice_text(n, zone)),
                    line: l.line_no,
                    sku: &l.sku,
                    ordered: l.ordered,
                    delivered: l.delivered,
                    committed: l.committed,
                    backordered: l.backordered,
                    cancelled: l.cancelled,
                    fillable: *f,
                    days_waiting: l.wait.days_waiting,
                    backordered_value: l.wait.backordered_value,
                    eta: l.wait.eta.as_deref(),
                    po: l.wait.po,
                })
        })
        .collect();
    if format == Format::Csv {
        return write_csv(out, &rows);
    }
    // The table marks an overdue due date and a fillable backorder as the screen does
    // without colour, and leaves the overdue and fillable columns to the markers.
    let at = |name: &str| OrderListRow::COLUMNS.iter().position(|c| *c == name);
    let places = Marked {
        due: at("due"),
        backordered: at("backordered"),
        left_out: [at("overdue"), at("fillable")],
    };
    let columns: Vec<&str> = (0..OrderListRow::COLUMNS.len())
        .filter(|i| places.shown(*i))
        .map(|i| OrderListRow::COLUMNS[i])
        .collect();
    // Each row's cells straight into one text, as for the reports.
    let cells = CellText::of(&rows, OrderListRow::COLUMNS.len())?;
    let marked = || cells.rows().zip(&rows).map(|(c, r)| places.mark(c, r));
    let text = table_of(&columns, marked, None);
    out.write_all(text.as_bytes())?;
    if rows.iter().any(|r| r.overdue) {
        writeln!(
            out,
            "{OVERDUE_MARKER} overdue: the due date has passed with units still pending"
        )?;
    }
    if rows.iter().any(|r| r.fillable != Fillable::None) {
        writeln!(
            out,
            "* stock here covers the backorder; @ stock only at another location"
        )?;
    }
    Ok(())
}

/// Prints report rows: JSON (an array), CSV with a header row, or an aligned table with an
/// optional total row.
pub(crate) fn print_rows<T: ReportRow>(
    out: &mut impl Write,
    format: Format,
    rows: &[T],
    total: Option<Vec<String>>,
) -> Result<(), ReportError> {
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(rows)?)?,
        Format::Csv => write_csv(out, rows)?,
        Format::Table => {
            // Each row's cells straight into one text: a report may have a hundred
            // thousand rows.
            let cells = CellText::of(rows, T::COLUMNS.len())?;
            let text = table_of(T::COLUMNS, || cells.rows(), total);
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

pub(crate) fn write_csv<T: ReportRow>(out: &mut impl Write, rows: &[T]) -> Result<(), ReportError> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Written by hand so an empty report still has its header row.
    w.write_record(T::COLUMNS)?;
    for row in rows {
        w.serialize(row)?;
    }
    out.write_all(
        &w.into_inner()
            .map_err(|e| ReportError::Io(e.into_error()))?,
    )?;
    Ok(())
}

/// The cells of every row exactly as CSV writes them: one writer and one reader for all
/// rows (a report may have a hundred thousand).
pub(crate) fn cells<T: Serialize>(rows: &[T]) -> Result<Vec<Vec<String>>, ReportError> {
    Ok(records(rows)?
        .iter()
        .map(|r| r.iter().map(str::to_string).collect())
        .collect())
}

/// Every row as the CSV record it is written as.
fn records<T: Serialize>(rows: &[T]) -> Result<Vec<csv::StringRecord>, ReportError> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::with_capacity(rows.len() * 64));
    for row in rows {
        w.serialize(row)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ReportError::Io(e.into_error()))?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut out = Vec::with_capacity(rows.len());
    let mut record = csv::StringRecord::new();
    while r.read_record(&mut record)? {
        out.push(record.clone());
    }
    Ok(out)
}

/// A column's heading: `on_hand_elsewhere` is "On hand elsewhere".
pub fn heading(column: &str) -> String {
    let words = column.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// A whole or decimal number as reports print them (`-12`, `3.50`): checked by its
/// characters, as a table of a hundred thousand rows asks it of every cell.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let places = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && places.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Which of `count` columns hold only numbers (a fillable marker allowed), so they are
/// right-aligned.
fn numeric_columns<R: AsRef<[S]>, S: AsRef<str>>(
    count: usize,
    rows: &[R],
    total: Option<&Vec<String>>,
) -> Vec<bool> {
    let cells = |i: usize| {
        rows.iter()
            .filter_map(move |r| r.as_ref().get(i).map(AsRef::as_ref))
            .chain(total.and_then(|t| t.get(i)).map(String::as_str))
    };
    (0..count)
        .map(|i| {
            let mut shown = cells(i)
                .filter(|c| !c.is_empty() && *c != "TOTAL")
                .peekable();
            shown.peek().is_some() && shown.all(|c| is_number(c.trim_end_matches(['*', '@'])))
        })
        .collect()
}

/// The width of a cell on a terminal, as [`text::shown`] draws it; most cells are ASCII,
/// one column a byte.
fn text_width(text: &str) -> usize {
    text::width(text)
}

/// One line of a table: cells padded to their columns' widths, two spaces apart, numbers
/// right-aligned, no trailing space.
fn table_line(
    out: &mut String,
    cells: impl Iterator<Item = impl AsRef<str>>,
    widths: &[usize],
    numeric: &[bool],
) {
    let start = out.len();
    for (i, c) in cells.enumerate() {
        let c = c.as_ref();
        if i > 0 {
            out.push_str("  ");
        }
        // A cell holding text kept before the rule of all free text is drawn as shown.
        let c = text::shown(c);
        let c = c.as_ref();
        let w = widths.get(i).copied().unwrap_or(0);
        let pad = w.saturating_sub(text_width(c));
        if numeric.get(i).copied().unwrap_or(false) {
            push_spaces(out, pad);
            out.push_str(c);
        } else {
            out.push_str(c);
            push_spaces(out, pad);
        }
    }
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
    out.push('\n');
}

/// `count` spaces, copied a run at a time rather than one character at a time.
fn push_spaces(out: &mut String, mut count: usize) {
    const SPACES: &str = "                                                                ";
    while count > 0 {
        let run = count.min(SPACES.len());
        out.push_str(&SPACES[..run]);
        count -= run;
    }
}

/// An aligned text table: numbers right-aligned, a rule under the heading, and an optional
/// total row under a second rule.
pub fn table(columns: &[&str], rows: &[Vec<String>], total: Option<Vec<String>>) -> String {
    table_of(
        columns,
        || rows.iter().map(|r| r.iter().map(String::as_str)),
        total,
    )
}

/// [`table`] of any rows of cells. Written straight into one string: a report may have a
/// hundred thousand rows, and a string per cell and per line would cost more than the
/// report's query.
fn table_of<Rows, Cells>(
    columns: &[&str],
    rows: impl Fn() -> Rows,
    total: Option<Vec<String>>,
) -> String
where
    Rows: Iterator<Item = Cells>,
    Cells: Iterator<Item: AsRef<str>>,
{
    let heading: Vec<String> = columns.iter().map(|c| heading(c)).collect();
    // Each column's width and whether it holds only numbers, in one look at every cell
    // (as `numeric_columns` decides).
    let count = columns.len();
    let mut widths: Vec<usize> = heading.iter().map(|h| text_width(h)).collect();
    let mut shown = vec![false; count];
    let mut numeric = vec![true; count];
    let mut look = |i: usize, c: &str| {
        if i >= count {
            return;
        }
        widths[i] = widths[i].max(text_width(c));
        if !c.is_empty() && c != "TOTAL" {
            shown[i] = true;
            numeric[i] = numeric[i] && is_number(c.trim_end_matches(['*', '@']));
        }
    };
    let mut count_rows = 0;
    for r in rows() {
        count_rows += 1;
        for (i, c) in r.enumerate() {
            look(i, c.as_ref());
        }
    }
    for (i, c) in total.iter().flatten().enumerate() {
        look(i, c);
    }
    for (n, s) in numeric.iter_mut().zip(&shown) {
        *n = *n && *s;
    }
    let mut rule = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            rule.push_str("  ");
        }
        rule.extend(std::iter::repeat_n('-', *w));
    }
    rule.push('\n');
    let per_row: usize = widths.iter().sum::<usize>() + 2 * widths.len() + 1;
    let mut out = String::with_capacity(per_row * (count_rows + 4));
    table_line(
        &mut out,
        heading.iter().map(String::as_str),
        &widths,
        &numeric,
    );
    out += &rule;
    if count_rows == 0 {
        out += "(none)\n";
    }
    for r in rows() {
        table_line(&mut out, r, &widths, &numeric);
    }
    if let Some(total) = &total {
        out += &rule;
        table_line(
            &mut out,
            total.iter().map(String::as_str),
            &widths,
            &numeric,
        );
    }
    out
}

/// Writes one report in a format; the screen's report view uses the table form.
pub fn write_report(
    out: &mut impl Write,
    store: &Store,
    name: ReportName,
    format: Format,
    scope: &Scope,
) -> Result<(), ReportError> {
    match name {
        ReportName::Backorders => {
            let rows = store.backorder_report()?;
            print_rows(out, format, &rows, Some(backorders_total(&rows)))
        }
        ReportName::Backlog => print_rows(out, format, &store.backlog_report(scope)?, None),
        ReportName::Reorder => print_rows(out, format, &store.reorder_report(scope)?, None),
        ReportName::Deposits => {
            let rows = store.deposits_report()?;
            print_rows(out, format, &rows, Some(deposits_total(&rows)))
        }
        ReportName::Purchase => print_rows(out, format, &store.purchase_report(scope)?, None),
        ReportName::Aging => {
            let rows = store.aging_report()?;
            print_rows(out, format, &rows, Some(aging_total(&rows)))
        }
    }
}

/// A report as cells, for the screen: the column names, each row's cells as the table
/// shows them, and the total row if the report has one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cells {
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
}

impl Cells {
    fn of<T: ReportRow>(rows: &[T], total: Option<Vec<String>>) -> Result<Cells, ReportError> {
        Ok(Cells {
            columns: T::COLUMNS,
            rows: cells(rows)?,
            total,
        })
    }

    /// Which columns hold numbers (right-aligned).
    pub fn numeric(&self) -> Vec<bool> {
        numeric_columns(self.columns.len(), &self.rows, self.total.as_ref())
    }
}

/// The cells of one report, as the table form shows them.
pub fn report_cells(store: &Store, name: ReportName, scope: &Scope) -> Result<Cells, ReportError> {
    match name {
        ReportName::Backorders => {
            let rows = store.backorder_report()?;
            Cells::of(&rows, Some(backorders_total(&rows)))
        }
        ReportName::Backlog => Cells::of(&store.backlog_report(scope)?, None),
        ReportName::Reorder => Cells::of(&store.reorder_report(scope)?, None),
        ReportName::Deposits => {
            let rows = store.deposits_report()?;
            Cells::of(&rows, Some(deposits_total(&rows)))
        }
        ReportName::Purchase => Cells::of(&store.purchase_report(scope)?, None),
        ReportName::Aging => {
            let rows = store.aging_report()?;
            Cells::of(&rows, Some(aging_total(&rows)))
        }
    }
}

fn aging_total(rows: &[AgingRow]) -> Vec<String> {
    let value: Money = rows.iter().map(|r| r.value).sum();
    let deposits: Money = rows.iter().map(|r| r.deposits).sum();
    vec![
        "TOTAL".into(),
        rows.iter().map(|r| r.lines).sum::<i64>().to_string(),
        rows.iter().map(|r| r.units).sum::<i64>().to_string(),
        value.round().to_string(),
        deposits.round().to_string(),
    ]
}

/// The backordered lines' units and value, under their columns.
fn backorders_total(rows: &[BackorderRow]) -> Vec<String> {
    let mut total = vec![String::new(); BackorderRow::COLUMNS.len()];
    let mut put = |column: &str, value: String| {
        if let Some(i) = BackorderRow::COLUMNS.iter().position(|c| *c == column) {
            total[i] = value;
        }
    };
    put("order", "TOTAL".into());
    put(
        "ordered",
        rows.iter().map(|r| r.ordered).sum::<i64>().to_string(),
    );
    put(
        "shipped",
        rows.iter().map(|r| r.shipped).sum::<i64>().to_string(),
    );
    put(
        "backordered",
        rows.iter().map(|r| r.backordered).sum::<i64>().to_string(),
    );
    put(
        "value",
        rows.iter()
            .map(|r| r.value)
            .sum::<Money>()
            .round()
            .to_string(),
    );
    total
}

fn deposits_total(rows: &[DepositRow]) -> Vec<String> {
    let total: Money = rows.iter().map(|r| r.deposit).sum();
    vec![
        "TOTAL".into(),
        String::new(),
        String::new(),
        total.round().to_string(),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_told_by_their_characters_as_decimal_would_parse_them() {
        for yes in ["0", "12", "-3", "3.50", "-0.25", "1000000"] {
            assert!(is_number(yes), "{yes}");
            assert!(yes.parse::<rust_decimal::Decimal>().is_ok());
        }
        for no in [
            "",
            "-",
            "3.",
            ".5",
            "1.2.3",
            "2026-11-22",
            "12a",
            "TOTAL",
            "1,000",
            " 1",
        ] {
            assert!(!is_number(no), "{no}");
        }
    }

    use super::*;
    use crate::store::reports::{BacklogRow, BackorderRow, PurchaseRow, ReorderRow};

    #[test]
    fn report_columns_match_the_serialised_fields() {
        fn header<T: ReportRow>(row: &T) -> Vec<String> {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.serialize(row).unwrap();
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            text.lines()
                .next()
                .unwrap()
                .split(',')
                .map(String::from)
                .collect()
        }
        let m = Money::ZERO;
        assert_eq!(
            header(&BackorderRow {
                order: 1,
                customer: String::new(),
                date: String::new(),
                due: None,
                sku: String::new(),
                description: String::new(),
                ordered: 0,
                shipped: 0,
                backordered: 0,
                value: m,
                days_waiting: 0,
                eta: None,
                po: None
            }),
            BackorderRow::COLUMNS
        );
        assert_eq!(
            header(&AgingRow {
                bucket: crate::domain::aging::AgeBucket::Older,
                lines: 0,
                units: 0,
                value: m,
                deposits: m
            }),
            AgingRow::COLUMNS
        );
        assert_eq!(
            header(&BacklogRow {
                sku: String::new(),
                description: String::new(),
                on_hand: 0,
                on_hand_elsewhere: 0,
                committed: 0,
                available: 0,
                backordered: 0,
                orders_waiting: 0
            }),
            BacklogRow::COLUMNS
        );
        assert_eq!(
            header(&ReorderRow {
                sku: String::new(),
                description: String::new(),
                on_hand: 0,
                on_hand_elsewhere: 0,
                available: 0,
                elsewhere: 0,
                min_stock: 0,
                reorder_qty: 0,
                backordered: 0,
                transfer_from: String::new(),
                transfer: 0,
                purchase: 0
            }),
            ReorderRow::COLUMNS
        );
        assert_eq!(
            header(&DepositRow {
                order: 0,
                customer: String::new(),
                invoice: 0,
                deposit: m
            }),
            DepositRow::COLUMNS
        );
        assert_eq!(
            header(&PurchaseRow {
                supplier: String::new(),
                sku: String::new(),
                description: String::new(),
                backordered: 0,
                on_hand: 0,
                on_hand_elsewhere: 0,
                available: 0,
                min_stock: 0,
                transfer_from: String::new(),
                transfer: 0,
                on_order: 0,
                qty: 0,
                needed: 0
            }),
            PurchaseRow::COLUMNS
        );
        assert_eq!(
            header(&OrderListRow {
                order: 0,
                invoice: 0,
                customer: "",
                name: "",
                date: String::new(),
                due: None,
                overdue: false,
                status: "",
                payment: "",
                deposit: m,
                phone: "",
                email: "",
                days_ready: None,
                notified: None,
                line: 0,
                sku: "",
                ordered: 0,
                delivered: 0,
                committed: 0,
                backordered: 0,
                cancelled: 0,
                fillable: Fillable::None,
                days_waiting: None,
                backordered_value: m,
                eta: None,
                po: None
            }),
            OrderListRow::COLUMNS
        );
    }

    #[test]
    fn table_aligns_numbers_right_and_text_left() {
        let text = table(
            &["sku", "qty"],
            &[
                vec!["VALVE".into(), "2".into()],
                vec!["TAPE".into(), "10".into()],
            ],
            Some(vec!["TOTAL".into(), "12".into()]),
        );
        assert_eq!(
            text,
            "Sku    Qty\n-----  ---\nVALVE    2\nTAPE    10\n-----  ---\nTOTAL   12\n"
        );
    }

    #[test]
    fn wide_characters_keep_the_columns_aligned() {
        let text = table(
            &["description", "qty"],
            &[
                vec!["水栓 valve".into(), "2".into()],
                vec!["tape".into(), "10".into()],
            ],
            None,
        );
        let lines: Vec<&str> = text.lines().collect();
        let widths: Vec<usize> = lines.iter().map(|l| text::width(l)).collect();
        assert_eq!(widths, [16, 16, 16, 16], "{text}");
    }
}
