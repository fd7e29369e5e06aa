//! The screen state machine: key → [`Action`] → the layer on top → [`Transition`].
//!
//! Every screen and dialog is a [`Layer`] in a file of its own: its state, its update and
//! its drawing (from `crate::ui`'s theme and widgets). [`App`] only routes keys to the top
//! of the stack and applies the transitions; the sale at the bottom is never popped.
//! [`draw`] draws the whole frame from the stack.

pub mod account_payment;
pub mod approval;
pub mod backorders_found;
pub mod choice;
pub mod confirm;
pub mod count;
pub mod customer_search;
pub mod dashboard;
pub mod day;
pub mod draw;
pub mod fill_waiting;
pub mod form;
pub mod help;
pub mod item_search;
pub mod keymap;
pub mod layer;
pub mod manager_menu;
pub mod notify;
pub mod number;
pub mod order;
pub mod order_action;
pub mod orders;
pub mod override_backorder;
pub mod parked;
pub mod payment;
pub mod price_change;
pub mod purchasing;
pub mod release_from;
pub mod reports;
pub mod return_items;
pub mod returns;
pub mod sale;
pub mod sign_in;
pub mod tender;
pub mod text;
pub mod warning;

use std::cell::Cell;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::store::StoreError;

pub use crate::counter::view::{SaleLineView, SaleView, TotalsView};
pub use crate::counter::{self, Counter, Error as AppError, error, view};
pub use crate::ui::StatusKind;
pub use draw::{Ui, draw, footer_hints, footer_hints_for};
pub use keymap::{Action, Binding, Key, KeyParseError, Keymap, KeymapError, Screen, TextEdit};
pub use layer::{Approved, Ctx, Layer, Outcome, Transition};

/// Who is selling where: the header of every screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppContext {
    pub store_name: String,
    /// The terminal's location code (stock is counted per location).
    pub location: String,
    pub user_name: String,
    /// Role label as shown, e.g. "manager" or "clerk".
    pub role: String,
    /// ISO currency code, e.g. "CAD".
    pub currency: String,
}

/// The one-line message above the footer: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// The counter screen: a stack of layers over the sale, and what they share.
pub struct App {
    ctx: Ctx,
    /// Never empty: the sale is at the bottom.
    layers: Vec<Box<dyn Layer>>,
    /// The sale as the screens show it, read after every key.
    view: SaleView,
    quit: bool,
    /// The size of the terminal at the last frame drawn: while it is too small to show
    /// the screens, keys must not act on what cannot be seen.
    drawn: Cell<Option<(u16, u16)>>,
}

impl App {
    /// The counter screen over a store. `sign_in`: users exist, so the screen starts on
    /// the sign-in form (with this name filled in, if given).
    pub fn new(
        context: AppContext,
        keymap: Keymap,
        counter: Counter,
        sign_in: Option<String>,
    ) -> App {
        let mut layers: Vec<Box<dyn Layer>> = vec![Box::new(sale::Sale::default())];
        if let Some(name) = sign_in {
            layers.push(Box::new(sign_in::SignIn::new(name)));
        }
        let mut app = App {
            ctx: Ctx {
                counter,
                keymap,
                context,
                approved_by: None,
                approval_lock: approval::ApprovalLock::default(),
                approvals: Vec::new(),
                status: None,
            },
            layers,
            view: SaleView::default(),
            quit: false,
            drawn: Cell::new(None),
        };
        app.sync_view();
        app
    }

    pub fn counter(&self) -> &Counter {
        &self.ctx.counter
    }

    pub fn counter_mut(&mut self) -> &mut Counter {
        &mut self.ctx.counter
    }

    pub fn context(&self) -> &AppContext {
        &self.ctx.context
    }

    /// The store's time zone, in which the screens show times and dates.
    pub fn zone(&self) -> &jiff::tz::TimeZone {
        self.ctx.counter.store.zone()
    }

    pub fn keymap(&self) -> &Keymap {
        &self.ctx.keymap
    }

    /// The screen stack, bottom first.
    pub fn layers(&self) -> &[Box<dyn Layer>] {
        &self.layers
    }

    /// The layer on top, if it is a `T`.
    pub fn top<T: Layer>(&self) -> Option<&T> {
        self.layers.last()?.as_any().downcast_ref()
    }

    /// The topmost layer that is a `T`.
    pub fn find<T: Layer>(&self) -> Option<&T> {
        self.layers
            .iter()
            .rev()
            .find_map(|l| l.as_any().downcast_ref())
    }

    /// The screen that has the keyboard.
    pub fn screen(&self) -> Screen {
        self.layers.last().map_or(Screen::Sale, |l| l.keys())
    }

    pub fn status(&self) -> Option<&Status> {
        self.ctx.status.as_ref()
    }

    pub fn set_info(&mut self, text: impl Into<String>) {
        self.ctx.info(text);
    }

    /// Errors are shown, never thrown: the sale stays on screen.
    pub fn set_error(&mut self, text: impl Into<String>) {
        self.ctx.error(text);
    }

    /// The sale as the screen shows it.
    pub fn sale(&self) -> &SaleView {
        &self.view
    }

    fn sale_layer(&self) -> Option<&sale::Sale> {
        self.layers.first()?.as_any().downcast_ref()
    }

    /// What is typed at the SKU/barcode entry.
    pub fn entry(&self) -> &str {
        self.sale_layer().map_or("", |s| s.input.value())
    }

    /// The line under the cursor, if the sale has lines.
    pub fn selected_line(&self) -> Option<usize> {
        self.sale_layer()?.selected(self.view.lines.len())
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Notes the size of the frame being drawn (the drawing calls this; it changes
    /// nothing the screens show).
    pub fn note_drawn_size(&self, width: u16, height: u16) {
        self.drawn.set(Some((width, height)));
    }

    /// True while the terminal is too small to show the screens.
    pub fn too_small(&self) -> bool {
        self.drawn
            .get()
            .is_some_and(|(w, h)| w < crate::ui::MIN_WIDTH || h < crate::ui::MIN_HEIGHT)
    }

    /// Turns a key press into an action for the screen on top. Keys the keymap does not
    /// bind are typed into the screen's text field, if it has one; any other key becomes
    /// [`Action::Unbound`], which answers with a pointer to the help.
    pub fn handle_key(&self, event: KeyEvent) -> Option<Action> {
        if event.kind != KeyEventKind::Press {
            return None;
        }
        let screen = self.screen();
        let keymap = &self.ctx.keymap;
        let key = Key::from_event(&event);
        if self.too_small() {
            // Only quit acts on a screen that cannot be seen (a resize redraws anyway).
            return (keymap.action(screen, key) == Some(Action::Quit)).then_some(Action::Quit);
        }
        if let Some(action) = keymap.action(screen, key) {
            return Some(action);
        }
        if screen.takes_text()
            && let Some(edit) = keymap::text_edit(key)
        {
            return Some(Action::Edit(edit));
        }
        // Dialog letters answer in either case (`Y` or `y`).
        if let KeyCode::Char(c) = key.code
            && key.is_plain_char()
            && c.is_uppercase()
        {
            let lower = Key::new(KeyCode::Char(c.to_ascii_lowercase()), key.modifiers);
            if let Some(action) = keymap.action(screen, lower) {
                return Some(action);
            }
        }
        Some(Action::Unbound(key))
    }

    /// Hands the action to the layer on top and applies what it answers. An error becomes
    /// the status line; the screens stay as they were.
    pub fn update(&mut self, action: Action) {
        // A message answers the key that caused it; the next key starts afresh.
        self.ctx.status = None;
        let result = match self.layers.last_mut() {
            Some(top) => top.update(&mut self.ctx, action),
            None => Ok(Transition::Stay),
        };
        self.apply(result);
        self.sync_view();
    }

    /// Time passed with no key: the layer on top may read the store again. The status
    /// line stays as the last key left it.
    pub fn tick(&mut self) {
        if self.too_small() {
            return;
        }
        let result = match self.layers.last_mut() {
            Some(top) => top.tick(&mut self.ctx),
            None => Ok(Transition::Stay),
        };
        self.apply(result);
        self.sync_view();
    }

    fn apply(&mut self, result: Result<Transition, AppError>) {
        let mut next = result;
        // Each resume may answer with another transition; a pop or a return to the sale
        // always shortens the stack, so this ends.
        loop {
            let transition = match next {
                Ok(t) => t,
                // The policy asks a manager at the moment of commit: the approval dialog,
                // then the layer commits again with the approval.
                Err(AppError::Store(StoreError::NeedsApproval(asked))) => {
                    self.ctx
                        .info(format!("{}: a manager's name and PIN", asked.why));
                    Transition::push(approval::Approval::new(Approved::Policy(asked)))
                }
                Err(e) => {
                    self.ctx.error(e.to_string());
                    return;
                }
            };
            let (bottom, outcome) = match transition {
                Transition::Stay => return,
                Transition::Quit => {
                    self.quit = true;
                    return;
                }
                Transition::Push(layer) => {
                    self.layers.push(layer);
                    return;
                }
                Transition::Replace(layer) => {
                    if self.layers.len() > 1 {
                        self.layers.pop();
                    }
                    self.layers.push(layer);
                    return;
                }
                Transition::Pop(outcome) => {
                    if self.layers.len() > 1 {
                        self.layers.pop();
                    }
                    (false, outcome)
                }
                Transition::ToSale(outcome) => {
                    self.layers.truncate(1);
                    self.ctx.approvals.clear();
                    (true, outcome)
                }
            };
            next = match self.layers.last_mut() {
                // Back on a layer with nothing handed over: it may read the store again.
                Some(top) if outcome == Outcome::Nothing && !bottom => top.tick(&mut self.ctx),
                Some(top) => top.resume(&mut self.ctx, outcome),
                None => return,
            };
        }
    }

    /// Reads what the sale screen shows, and who is signed in, from the counter.
    fn sync_view(&mut self) {
        let counter = &self.ctx.counter;
        self.view = counter.view();
        let context = &mut self.ctx.context;
        context.user_name.clone_from(&counter.user.name);
        let signing_in = self
            .layers
            .iter()
            .any(|l| l.as_any().is::<sign_in::SignIn>());
        // With no users at all the store runs as an implicit manager (id 0): say so.
        context.role = if signing_in {
            context.user_name = "not signed in".into();
            "sign in first".to_string()
        } else if counter.user.id == 0 {
            "manager: no users yet".to_string()
        } else {
            counter.user.role.as_str().to_string()
        };
    }
}
