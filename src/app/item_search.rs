//! F3: items by words of the description; Enter rings the one under the cursor.

use std::any::Any;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use super::AppError;
use super::customer_search::SEARCH_LIMIT;
use super::keymap::{Action, Screen};
use super::layer::{Ctx, Layer, Outcome, Transition, edit, moved};
use crate::store::catalog::ItemHit;
use crate::ui::Ui;

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
        crate::ui::item_search::render(frame.buffer_mut(), area, self, ui.theme)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
