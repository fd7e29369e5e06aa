//! F3: items by words of the description; Enter rings the one under the cursor.

use std::any::Any;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::customer_search::SEARCH_LIMIT;
use super::draw::Ui;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit, moved};
use crate::store::catalog::ItemHit;
use crate::ui::widgets::{Field, list, popup, text_row};
use crate::ui::{Theme, fit, padded, width_of};

#[derive(Debug, Clone)]
pub struct ItemSearch {
    pub input: Input,
    pub hits: Vec<ItemHit>,
    pub cursor: usize,
    /// Units to ring when an item is chosen (from a `4*` typed before F3).
    pub qty: u32,
}

impl ItemSearch {
    pub fn open(ctx: &mut Ctx, words: &str, qty: u32) -> ItemSearch {
        let mut search = ItemSearch {
            input: Input::new(words.to_string()),
            hits: Vec::new(),
            cursor: 0,
            qty,
        };
        search.refresh(ctx);
        search
    }

    fn refresh(&mut self, ctx: &mut Ctx) {
        let location = ctx.counter.location().to_string();
        match ctx
            .counter
            .store
            .search_items(self.input.value(), &location, SEARCH_LIMIT)
        {
            Ok(hits) => self.hits = hits,
            Err(e) => ctx.error(e.to_string()),
        }
        self.cursor = self.cursor.min(self.hits.len().saturating_sub(1));
    }
}

impl Layer for ItemSearch {
    fn keys(&self) -> Screen {
        Screen::Items
    }

    fn name(&self) -> String {
        "item search".into()
    }

    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Result<Transition, AppError> {
        match action {
            Action::Edit(e) => {
                edit(&mut self.input, e);
                self.cursor = 0;
                self.refresh(ctx);
            }
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                self.cursor = moved(self.cursor, action, self.hits.len());
            }
            Action::Confirm => {
                let Some(hit) = self.hits.get(self.cursor) else {
                    ctx.info("Type words of the description to find items");
                    return Ok(Transition::Stay);
                };
                let sku = hit.product.sku.clone();
                return Ok(match ctx.counter.add_item(&sku, self.qty) {
                    Ok(index) => {
                        let ordered = ctx.counter.sale.lines[index].ordered;
                        ctx.info(format!("{sku}: {ordered} on the line"));
                        Transition::Pop(Outcome::Line(index))
                    }
                    Err(e) => {
                        ctx.error(e.to_string());
                        Transition::pop()
                    }
                });
            }
            Action::Back => return Ok(Transition::pop()),
            other => return Ok(ctx.common(Screen::Items, other)),
        }
        Ok(Transition::Stay)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ui: &Ui) -> Option<Position> {
        render(frame.buffer_mut(), area, self, ui.theme)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Drawing: the item search list: SKU, description, price and stock here and elsewhere.

fn render(buf: &mut Buffer, area: Rect, search: &ItemSearch, theme: &Theme) -> Option<Position> {
    let title = format!("Item search ({} per pick)", search.qty);
    let inner = popup(
        buf,
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
        &title,
        theme,
    );
    let cursor = Field::new("Words", &search.input).render(buf, inner, 0, theme);
    // Every SKU and the stock elsewhere show whole: the description gives way.
    let elsewhere = |hit: &crate::store::catalog::ItemHit| -> String {
        let places: Vec<String> = hit
            .elsewhere
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        if places.is_empty() {
            "-".to_string()
        } else {
            places.join(" ")
        }
    };
    let widest = |f: &dyn Fn(&crate::store::catalog::ItemHit) -> usize, least: usize| {
        search.hits.iter().map(f).max().unwrap_or(0).max(least)
    };
    let sku_width = widest(&|hit| width_of(&hit.product.sku), width_of("SKU"));
    let elsewhere_width = widest(&|hit| width_of(&elsewhere(hit)), width_of("elsewhere"));
    // The mark, the spaces and the price and stock figures take 29.
    let desc_width = usize::from(inner.width)
        .saturating_sub(29 + sku_width + elsewhere_width)
        .max(6);
    text_row(
        buf,
        inner,
        1,
        &format!(
            "  {:<sku_width$} {:<desc_width$} {:>9} {:>6} {:>6}  elsewhere",
            "SKU", "Description", "Price", "OnHand", "Avail"
        ),
        theme.column_heads,
    );
    let rows: Vec<String> = search
        .hits
        .iter()
        .map(|hit| {
            format!(
                "{} {} {:>9} {:>6} {:>6}  {}",
                padded(&hit.product.sku, sku_width),
                padded(&fit(&hit.product.description, desc_width), desc_width),
                hit.product.price,
                hit.here.on_hand,
                hit.here.available(),
                elsewhere(hit)
            )
        })
        .collect();
    if rows.is_empty() {
        text_row(
            buf,
            inner,
            2,
            "Type words of the description (prefixes work: 'ball val 3/4')",
            theme.placeholder,
        );
    }
    list(buf, inner, 2, &rows, search.cursor, theme);
    cursor
}
