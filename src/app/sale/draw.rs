//! How the sale screen is drawn: the header, the lines, the current line's availability,
//! the item entry and the totals.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, HighlightSpacing, Paragraph, Row, StatefulWidget, Table, TableState,
    Widget,
};

use super::Sale;
use crate::app::draw::Ui;
use crate::app::{App, SaleLineView};
use crate::ui::{Theme, centered, fit, width_of, wrap};

const ITEM_LABEL: &str = "Item: ";
const TOTALS_WIDTH: u16 = 24;
const SELECTED_MARK: &str = "▶ ";
/// Marks a unit price that a set, tier, special price or level changes.
const PRICE_MARK: &str = "†";
/// The mark beside a line's unit price: the clerk's own (`=`, `%`) before the catalog's.
fn mark_of(line: &SaleLineView) -> &'static str {
    match (line.price_mark, &line.price_note) {
        ("", Some(_)) => PRICE_MARK,
        (mark, _) => mark,
    }
}

/// The description keeps this many columns before a SKU may take more.
const MIN_DESCRIPTION: u16 = 8;

/// Draws the sale screen into `area`. `on_top`: the sale has the keyboard, so the
/// terminal cursor goes into the item entry.
pub(super) fn render(frame: &mut Frame, area: Rect, ui: &Ui, sale: &Sale) {
    let (app, theme, on_top) = (ui.app, ui.theme, ui.on_top);
    let [header, lines, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(5),
    ])
    .areas(area);
    let buf = frame.buffer_mut();
    ui.render_header(buf, header);
    render_lines(buf, lines, app, theme);

    let block = Block::new().borders(Borders::TOP);
    let inner = block.inner(bottom);
    block.render(bottom, buf);
    let [left, totals] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(totals_width(app))])
            .areas(inner);
    render_totals(buf, totals, app, theme);
    // A description too long for its row goes on in the spare row below it, whole.
    let current_rows = current_line_text(app).map_or(1, |text| {
        wrap(&text, usize::from(left.width)).len().clamp(1, 2)
    });
    let [current, availability, entry] = Layout::vertical([
        Constraint::Length(u16::try_from(current_rows).unwrap_or(1)),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(left);
    render_current_line(buf, current, app);
    render_availability(buf, availability, app, theme);
    if let Some(cursor) = render_entry(buf, entry, sale, theme, on_top)
        && on_top
    {
        frame.set_cursor_position(cursor);
    }
}

/// Column widths for the lines table; only the description grows with the terminal.
struct Columns {
    sku: u16,
    ordered: u16,
    delivered: u16,
    held: u16,
    backordered: u16,
    unit: u16,
    extension: u16,
    spacing: u16,
}

impl Columns {
    fn for_width(width: u16) -> Columns {
        if width >= 110 {
            Columns {
                sku: 16,
                ordered: 7,
                delivered: 6,
                held: 6,
                backordered: 7,
                unit: 11,
                extension: 12,
                spacing: 2,
            }
        } else {
            // At 80 columns the description gets at least 26: quantities rarely need more
            // than 4 (a wider figure widens its column).
            Columns {
                sku: 10,
                ordered: 4,
                delivered: 4,
                held: 4,
                backordered: 4,
                unit: 9,
                extension: 10,
                spacing: 1,
            }
        }
    }

    /// The columns for `width` and these lines: every figure and every SKU fits whole;
    /// only the description gives way (and the SKU, on a terminal too narrow even then).
    fn fitting(width: u16, lines: &[SaleLineView]) -> Columns {
        let mut columns = Columns::for_width(width);
        let widest = |f: &dyn Fn(&SaleLineView) -> usize| {
            let most = lines.iter().map(f).max().unwrap_or(0);
            u16::try_from(most).unwrap_or(u16::MAX)
        };
        let digits = |n: i64| n.to_string().len();
        columns.ordered = columns.ordered.max(widest(&|l| digits(l.ordered)));
        columns.delivered = columns.delivered.max(widest(&|l| digits(l.delivered)));
        columns.held = columns.held.max(widest(&|l| digits(l.held_back)));
        columns.backordered = columns.backordered.max(widest(&|l| digits(l.backordered)));
        let marked = |l: &SaleLineView| width_of(&l.unit_price) + width_of(mark_of(l));
        columns.unit = columns.unit.max(widest(&marked));
        columns.extension = columns.extension.max(widest(&|l| width_of(&l.extension)));
        let sku = widest(&|l| width_of(&l.sku));
        if sku > columns.sku {
            // The SKU takes from the description, which keeps a few columns if it can.
            let spare = columns.description(width).saturating_sub(MIN_DESCRIPTION);
            columns.sku += (sku - columns.sku).min(spare);
        }
        columns
    }

    fn description(&self, width: u16) -> u16 {
        let fixed = self.sku
            + self.ordered
            + self.delivered
            + self.held
            + self.backordered
            + self.unit
            + self.extension
            + self.spacing * 7
            + width_of(SELECTED_MARK) as u16;
        width.saturating_sub(fixed)
    }
}

fn render_lines(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let columns = Columns::fitting(area.width, &app.sale().lines);
    let description_width = columns.description(area.width);
    let heads = if area.width >= 110 {
        [
            "SKU",
            "Description",
            "Ordered",
            "Deliv",
            "Held",
            "B'Ordr",
            "Unit",
            "Ext",
        ]
    } else {
        [
            "SKU",
            "Description",
            "Ord",
            "Dlv",
            "Held",
            "B/O",
            "Unit",
            "Ext",
        ]
    };
    let header = Row::new(heads.into_iter().enumerate().map(|(i, title)| {
        if i < 2 {
            Cell::from(title)
        } else {
            Cell::from(Line::from(title).right_aligned())
        }
    }))
    .style(theme.column_heads);
    let rows = app
        .sale()
        .lines
        .iter()
        .map(|line| line_row(line, &columns, description_width, theme));
    let widths = [
        Constraint::Length(columns.sku),
        Constraint::Length(description_width),
        Constraint::Length(columns.ordered),
        Constraint::Length(columns.delivered),
        Constraint::Length(columns.held),
        Constraint::Length(columns.backordered),
        Constraint::Length(columns.unit),
        Constraint::Length(columns.extension),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(columns.spacing)
        .highlight_symbol(SELECTED_MARK)
        // The mark column is always there so the columns do not jump when a line appears.
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(theme.selected_row);
    let mut state = TableState::default().with_selected(app.selected_line());
    StatefulWidget::render(table, area, buf, &mut state);

    if app.sale().lines.is_empty() {
        let below_heads = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
        if let Some((invoice, change)) = &app.sale().change_due {
            render_change(buf, below_heads, *invoice, change, app, theme);
            return;
        }
        let middle = below_heads.centered_vertically(Constraint::Length(1));
        Paragraph::new("No items yet: scan or type a SKU, then Enter")
            .style(theme.placeholder)
            .centered()
            .render(middle, buf);
    }
}

/// The change of the sale just finished, large and clear until the next sale starts.
fn render_change(
    buf: &mut Buffer,
    area: Rect,
    invoice: i64,
    change: &str,
    app: &App,
    theme: &Theme,
) {
    let figure = if change.trim_start_matches(['0', '.']).is_empty() {
        "No change due".to_string()
    } else {
        format!("CHANGE DUE  {} {change}", app.context().currency)
    };
    let hint = "the next item starts a new sale";
    let width = width_of(&figure).max(width_of(hint)) + 6;
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    let rect = centered(area, width, 5);
    let block = Block::bordered().title(Line::styled(
        format!(" Invoice {invoice} done "),
        theme.popup_title,
    ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let [_, middle, below] = Layout::vertical([Constraint::Length(1); 3]).areas(inner);
    Paragraph::new(figure)
        .style(theme.total.add_modifier(ratatui::style::Modifier::BOLD))
        .centered()
        .render(middle, buf);
    Paragraph::new(hint)
        .style(theme.placeholder)
        .centered()
        .render(below, buf);
}

fn line_row<'a>(
    line: &'a SaleLineView,
    columns: &Columns,
    description: u16,
    theme: &Theme,
) -> Row<'a> {
    let number = |n: i64| Cell::from(Line::from(n.to_string()).right_aligned());
    // Zero held or backordered is left blank so that the lines that need care stand out.
    let flagged = |n: i64, style| {
        if n == 0 {
            Cell::from("")
        } else {
            Cell::from(Line::from(Span::styled(n.to_string(), style)).right_aligned())
        }
    };
    let money = |text: &'a str| Cell::from(Line::from(text).right_aligned());
    // A special price is marked beside the unit price; the line below names it.
    let unit = match mark_of(line) {
        "" => money(&line.unit_price),
        mark => Cell::from(Line::from(format!("{mark}{}", line.unit_price)).right_aligned()),
    };
    Row::new([
        Cell::from(fit(&line.sku, usize::from(columns.sku))),
        Cell::from(fit(&line.description, usize::from(description))),
        number(line.ordered),
        number(line.delivered),
        flagged(line.held_back, theme.held_back),
        flagged(line.backordered, theme.backordered),
        unit,
        money(&line.extension),
    ])
}

/// The line under the cursor in words: its SKU and whole description, then the price note.
fn current_line_text(app: &App) -> Option<String> {
    let sale = app.sale();
    let index = app.selected_line()?;
    let line = sale.lines.get(index)?;
    let note = line
        .price_note
        .as_ref()
        .map(|n| format!(" {PRICE_MARK} {n}"))
        .unwrap_or_default();
    Some(format!(
        "Line {} of {}: {} {}{note}",
        index + 1,
        sale.lines.len(),
        line.sku,
        line.description
    ))
}

/// The whole description of the current line (the table cuts it at 80 columns), over two
/// rows when it needs them.
fn render_current_line(buf: &mut Buffer, area: Rect, app: &App) {
    let Some(text) = current_line_text(app) else {
        return;
    };
    let width = usize::from(area.width);
    let mut rows = wrap(&text, width);
    let shown = usize::from(area.height).max(1);
    if rows.len() > shown {
        let rest = rows.split_off(shown - 1).join(" ");
        rows.push(fit(&rest, width));
    }
    for (row, text) in area.rows().zip(rows) {
        Line::from(text).render(row, buf);
    }
}

fn render_availability(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let line = app.selected_line().and_then(|i| app.sale().lines.get(i));
    let (label, text, style) = match line {
        None => (
            "Availability: ".to_string(),
            "shown here for the line under the cursor",
            theme.placeholder,
        ),
        Some(line) => {
            // The SKU is on the row above: the room goes to the stock here and elsewhere.
            let label = "Stock: ".to_string();
            match &line.availability {
                Some(availability) => (label, availability.as_str(), Style::new()),
                None => (label, "not known yet", theme.placeholder),
            }
        }
    };
    let room = usize::from(area.width).saturating_sub(width_of(&label));
    Line::from(vec![
        Span::styled(label, theme.label),
        Span::styled(fit(text, room), style),
    ])
    .render(area, buf);
}

/// Draws the item entry and returns where the terminal cursor belongs.
fn render_entry(
    buf: &mut Buffer,
    area: Rect,
    sale: &Sale,
    theme: &Theme,
    on_top: bool,
) -> Option<Position> {
    let input = &sale.input;
    let label_width = width_of(ITEM_LABEL) as u16;
    let [label, field] =
        Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)]).areas(area);
    Span::styled(ITEM_LABEL, theme.label).render(label, buf);
    if field.width == 0 {
        return None;
    }
    // Keeps the cursor visible in a long entry: tui-input says how far to scroll.
    let width = usize::from(field.width.saturating_sub(1));
    let scroll = input.visual_scroll(width);
    if input.value().is_empty() && on_top {
        Paragraph::new("scan or type a SKU/barcode, then Enter")
            .style(theme.placeholder)
            .render(
                Rect {
                    x: field.x.saturating_add(1),
                    width: field.width.saturating_sub(1),
                    ..field
                },
                buf,
            );
    } else {
        // A refused entry is shown selected: the next key replaces it.
        let style = if sale.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        Paragraph::new(input.value())
            .style(style)
            .scroll((0, u16::try_from(scroll).unwrap_or(u16::MAX)))
            .render(field, buf);
    }
    let offset = input.visual_cursor().saturating_sub(scroll);
    let x = field
        .x
        .saturating_add(u16::try_from(offset).unwrap_or(u16::MAX))
        .min(field.right().saturating_sub(1));
    Some(Position::new(x, field.y))
}

/// The totals box: wide enough for its largest figure, never cutting it.
fn totals_width(app: &App) -> u16 {
    let totals = &app.sale().totals;
    let widest = [
        Some(&totals.subtotal),
        Some(&totals.tax),
        Some(&totals.total),
        totals.deposit.as_ref(),
        totals.pending.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|v| width_of(v))
    .max()
    .unwrap_or(0);
    // " Total CAD" and a space before the figure, the border, and a margin.
    let needed = width_of(" Total ") + width_of(&app.context().currency) + 1 + widest + 2;
    TOTALS_WIDTH.max(u16::try_from(needed).unwrap_or(u16::MAX))
}

fn render_totals(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let block = Block::new().borders(Borders::LEFT);
    let inner = block.inner(area);
    block.render(area, buf);
    let totals = &app.sale().totals;
    let total_label = format!("Total {}", app.context().currency);
    // The third row: a deposit taken now, else the value waiting on backorders.
    let (pending_label, pending) = match (&totals.deposit, &totals.pending) {
        (Some(deposit), _) => ("Deposit", deposit.as_str()),
        (None, Some(pending)) => ("B/O later", pending.as_str()),
        (None, None) => ("", ""),
    };
    let rows = [
        ("Subtotal", totals.subtotal.as_str(), theme.label),
        ("Tax", totals.tax.as_str(), theme.label),
        (pending_label, pending, theme.label),
        (total_label.as_str(), totals.total.as_str(), theme.total),
    ];
    let width = usize::from(inner.width.saturating_sub(1));
    for (row, (label, value, style)) in inner.rows().zip(rows) {
        let value_width = width.saturating_sub(width_of(label));
        let text = format!(" {label}{value:>value_width$}");
        Line::from(Span::styled(fit(&text, usize::from(inner.width)), style)).render(row, buf);
    }
}
