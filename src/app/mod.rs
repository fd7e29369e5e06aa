//! The screen state machine: key → [`Action`] → [`App::update`] → new state. Nothing
//! here draws; `crate::ui` renders from this state.
//!
//! Screens and dialogs are [`Layer`]s on a stack, like gitui's popup stack: the top
//! layer has the keyboard, `Esc` pops it, and the sale at the bottom is never popped.

pub mod counter;
pub mod dialog;
pub mod dialogs;
pub mod flow;
pub mod help;
pub mod keymap;
pub mod manager;
pub mod sale;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use tui_input::Input;

pub use counter::Counter;
pub use dialog::{ConfirmDialog, Confirmed};
pub use dialogs::{
    Approved, Choice, ChoiceFor, Credentials, CustomerFor, CustomerSearch, ItemSearch, NumberFor,
    NumberPrompt, Tender,
};
pub use help::HelpState;
pub use keymap::{Action, Binding, Key, KeyParseError, Keymap, KeymapError, Screen, TextEdit};
pub use sale::{SaleLineView, SaleView, TotalsView};

/// Lines moved by PgUp/PgDn on the sale screen.
const PAGE_LINES: usize = 10;

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

/// How a status message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

/// The one-line message above the footer: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// One entry of the screen stack.
#[derive(Debug, Clone)]
pub enum Layer {
    Sale,
    Help(HelpState),
    Confirm(ConfirmDialog),
    SignIn(Credentials),
    /// A manager's name and PIN for a decision a clerk may not take alone.
    Approval(Credentials, Approved),
    CustomerSearch(CustomerSearch),
    ItemSearch(ItemSearch),
    Number(NumberPrompt),
    Choice(Choice),
    Tender(Tender),
    Orders(manager::OrdersScreen),
    Order(manager::OrderScreen),
    /// The F8 menu, with the entry under the cursor.
    Manager(usize),
    Form(manager::Form),
    Text(manager::TextView),
}

impl Layer {
    /// Which part of the keymap applies while this layer is on top.
    pub fn screen(&self) -> Screen {
        match self {
            Layer::Sale => Screen::Sale,
            Layer::Help(_) => Screen::Help,
            Layer::Confirm(_) => Screen::Dialog,
            Layer::Choice(_) => Screen::Choice,
            Layer::SignIn(_) | Layer::Approval(..) => Screen::SignIn,
            Layer::CustomerSearch(_) => Screen::Search,
            Layer::ItemSearch(_) => Screen::Items,
            Layer::Number(_) => Screen::Prompt,
            Layer::Tender(_) => Screen::Tender,
            Layer::Orders(_) => Screen::Orders,
            Layer::Order(_) => Screen::Order,
            Layer::Manager(_) => Screen::Manager,
            Layer::Form(_) => Screen::Prompt,
            Layer::Text(_) => Screen::Help,
        }
    }

    /// Overlays are drawn over the layer beneath; full screens replace it.
    pub fn is_overlay(&self) -> bool {
        !matches!(
            self,
            Layer::Sale | Layer::SignIn(_) | Layer::Orders(_) | Layer::Order(_)
        )
    }
}

/// The whole state of the counter screen.
pub struct App {
    context: AppContext,
    keymap: Keymap,
    /// Never empty: the sale is at the bottom.
    layers: Vec<Layer>,
    status: Option<Status>,
    input: Input,
    sale: SaleView,
    cursor: usize,
    quit: bool,
    /// The store and the sale behind the screen; None only in screen tests.
    counter: Option<Counter>,
    /// The manager who approved a decision in this sale by PIN.
    approved_by: Option<String>,
}

impl App {
    pub fn new(context: AppContext, keymap: Keymap) -> App {
        App {
            context,
            keymap,
            layers: vec![Layer::Sale],
            status: None,
            input: Input::default(),
            sale: SaleView::default(),
            cursor: 0,
            quit: false,
            counter: None,
            approved_by: None,
        }
    }

    /// The counter screen over a store. `sign_in`: users exist, so the screen starts on
    /// the sign-in form (with this name filled in, if given).
    pub fn with_counter(
        context: AppContext,
        keymap: Keymap,
        counter: Counter,
        sign_in: Option<String>,
    ) -> App {
        let mut app = App::new(context, keymap);
        app.counter = Some(counter);
        app.sync_view();
        if let Some(name) = sign_in {
            let field = usize::from(!name.is_empty());
            app.push(Layer::SignIn(Credentials {
                name: Input::new(name),
                field,
                ..Credentials::default()
            }));
            app.sync_view();
        }
        app
    }

    pub fn counter(&self) -> Option<&Counter> {
        self.counter.as_ref()
    }

    pub fn counter_mut(&mut self) -> Option<&mut Counter> {
        self.counter.as_mut()
    }

    pub fn context(&self) -> &AppContext {
        &self.context
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The screen stack, bottom first.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// The screen that has the keyboard.
    pub fn screen(&self) -> Screen {
        self.layers.last().map_or(Screen::Sale, Layer::screen)
    }

    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    pub fn set_info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Info,
            text: text.into(),
        });
    }

    /// Errors are shown, never thrown: the sale stays on screen.
    pub fn set_error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            kind: StatusKind::Error,
            text: text.into(),
        });
    }

    /// The SKU/barcode entry line.
    pub fn input(&self) -> &Input {
        &self.input
    }

    pub fn sale(&self) -> &SaleView {
        &self.sale
    }

    pub fn sale_mut(&mut self) -> &mut SaleView {
        &mut self.sale
    }

    /// The line under the cursor, if the sale has lines.
    pub fn selected_line(&self) -> Option<usize> {
        let last = self.sale.lines.len().checked_sub(1)?;
        Some(self.cursor.min(last))
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Puts a screen or dialog on top.
    pub fn push(&mut self, layer: Layer) {
        self.layers.push(layer);
    }

    /// Closes the top screen or dialog; the sale at the bottom stays.
    pub fn pop(&mut self) {
        if self.layers.len() > 1 {
            self.layers.pop();
        }
    }

    /// Turns a key press into an action for the screen on top. Keys the keymap does
    /// not bind are typed into the screen's text field, if it has one; any other key
    /// becomes [`Action::Unbound`], which answers with a pointer to the help.
    pub fn handle_key(&self, event: KeyEvent) -> Option<Action> {
        if event.kind != KeyEventKind::Press {
            return None;
        }
        let screen = self.screen();
        let key = Key::from_event(&event);
        if let Some(action) = self.keymap.action(screen, key) {
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
            if let Some(action) = self.keymap.action(screen, lower) {
                return Some(action);
            }
        }
        Some(Action::Unbound(key))
    }

    pub fn update(&mut self, action: Action) {
        // A message answers the key that caused it; the next key starts afresh.
        self.status = None;
        let top = self.layers.last().cloned().unwrap_or(Layer::Sale);
        match top {
            Layer::Sale => self.update_sale(action),
            Layer::Help(help) => self.update_help(help, action),
            Layer::Confirm(dialog) => self.update_confirm(&dialog, action),
            Layer::SignIn(form) => self.update_credentials(form, None, action),
            Layer::Approval(form, then) => self.update_credentials(form, Some(then), action),
            Layer::CustomerSearch(search) => self.update_customer_search(search, action),
            Layer::ItemSearch(search) => self.update_item_search(search, action),
            Layer::Number(prompt) => self.update_number(prompt, action),
            Layer::Choice(dialog) => self.update_choice(dialog, action),
            Layer::Tender(tender) => self.update_tender(tender, action),
            Layer::Orders(screen) => self.update_orders(screen, action),
            Layer::Order(screen) => self.update_order(screen, action),
            Layer::Manager(cursor) => self.update_manager(cursor, action),
            Layer::Form(form) => self.update_form(form, action),
            Layer::Text(view) => self.update_text(view, action),
        }
    }

    fn update_sale(&mut self, action: Action) {
        if self.sale_action(action) {
            return;
        }
        match action {
            Action::Help => self.push(Layer::Help(HelpState::new(Screen::Sale))),
            Action::Quit => self.request_quit(),
            Action::Customer
            | Action::ItemSearch
            | Action::HoldBack
            | Action::SetBackordered
            | Action::Override
            | Action::OrdersInProcess
            | Action::ManagerMenu
            | Action::Total
            | Action::EditQuantity
            | Action::Reprint => self.not_yet(Screen::Sale, action),
            Action::Confirm => self.enter_item(),
            Action::Up => self.move_cursor(-1),
            Action::Down => self.move_cursor(1),
            Action::PageUp => self.move_cursor(-(PAGE_LINES as isize)),
            Action::PageDown => self.move_cursor(PAGE_LINES as isize),
            Action::DeleteLine => self.delete_line(),
            Action::Back => {
                if self.input.value().is_empty() {
                    self.set_info("Nothing to clear");
                } else {
                    self.input.reset();
                }
            }
            Action::Edit(edit) => flow::edit(&mut self.input, edit),
            Action::Unbound(key) => self.unbound(key),
            _ => {}
        }
    }

    fn update_help(&mut self, mut help: HelpState, action: Action) {
        match action {
            Action::Help | Action::Back => self.pop(),
            Action::Quit => self.request_quit(),
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                help.scroll_by(action, &self.keymap);
                if let Some(top) = self.layers.last_mut() {
                    *top = Layer::Help(help);
                }
            }
            Action::Unbound(key) => self.unbound(key),
            _ => {}
        }
    }

    fn update_confirm(&mut self, dialog: &ConfirmDialog, action: Action) {
        match action {
            Action::Confirm | Action::Total => {
                self.pop();
                self.confirmed(dialog.on_yes);
            }
            Action::Back => {
                self.pop();
                if dialog.on_yes == Confirmed::QuitLosingSale {
                    self.set_info("Not quitting: the sale is still here");
                }
            }
            Action::Help => self.push(Layer::Help(HelpState::new(Screen::Dialog))),
            // Pressing quit again on the quit question is a yes.
            Action::Quit if dialog.on_yes == Confirmed::QuitLosingSale => self.quit = true,
            Action::Quit => self.request_quit(),
            Action::Unbound(key) => self.unbound(key),
            _ => {}
        }
    }

    fn confirmed(&mut self, what: Confirmed) {
        match what {
            Confirmed::QuitLosingSale => self.quit = true,
        }
    }

    /// Quits at once unless that would lose a sale in progress.
    fn request_quit(&mut self) {
        if self.sale.in_progress() {
            self.push(Layer::Confirm(ConfirmDialog::quit_losing_sale()));
        } else {
            self.quit = true;
        }
    }

    /// Says so when a key's feature is not built yet, rather than doing nothing.
    fn not_yet(&mut self, screen: Screen, action: Action) {
        let key = self
            .keymap
            .key_for(screen, action)
            .map(|key| format!("{key} "))
            .unwrap_or_default();
        self.set_info(format!("{key}{}: not available yet", action.title()));
    }

    /// A key that does nothing here gets a pointer to the help instead of silence.
    fn unbound(&mut self, key: Key) {
        let help = self
            .keymap
            .key_for(self.screen(), Action::Help)
            .map(|help| format!("; {help} lists the keys"))
            .unwrap_or_default();
        self.set_info(format!("{key} does nothing here{help}"));
    }

    fn enter_item(&mut self) {
        let typed = self.input.value().trim().to_string();
        if typed.is_empty() {
            self.set_info("Type or scan a SKU or barcode, then Enter");
            return;
        }
        // Cleared so the next scan does not append to this one.
        self.input.reset();
        self.set_error(format!("Item {typed}: item lookup is not available yet"));
    }

    fn move_cursor(&mut self, by: isize) {
        let Some(current) = self.selected_line() else {
            return;
        };
        let last = self.sale.lines.len().saturating_sub(1);
        self.cursor = current.saturating_add_signed(by).min(last);
    }

    fn delete_line(&mut self) {
        let Some(index) = self.selected_line() else {
            self.set_info("No line to remove");
            return;
        };
        let line = self.sale.lines.remove(index);
        self.cursor = index.min(self.sale.lines.len().saturating_sub(1));
        self.set_info(format!("Removed {} {}", line.sku, line.description));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn app() -> App {
        App::new(
            AppContext {
                store_name: "Test Store".into(),
                location: "MAIN".into(),
                user_name: "pat".into(),
                role: "clerk".into(),
                currency: "CAD".into(),
            },
            Keymap::defaults(),
        )
    }

    fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
        if let Some(action) = app.handle_key(KeyEvent::new(code, modifiers)) {
            app.update(action);
        }
    }

    fn line(sku: &str) -> SaleLineView {
        SaleLineView {
            sku: sku.into(),
            description: "Thing".into(),
            ordered: 1,
            delivered: 1,
            ..SaleLineView::default()
        }
    }

    #[test]
    fn ctrl_q_quits_an_empty_sale_at_once() {
        let mut app = app();
        press(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert!(app.should_quit());
    }

    #[test]
    fn ctrl_q_asks_first_when_a_sale_is_in_progress() {
        let mut app = app();
        app.sale_mut().lines.push(line("A1"));
        press(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert!(!app.should_quit());
        assert_eq!(app.screen(), Screen::Dialog);
        press(&mut app, KeyCode::Char('n'), KeyModifiers::NONE);
        assert!(!app.should_quit());
        assert_eq!(app.screen(), Screen::Sale);
        assert_eq!(app.sale().lines.len(), 1);
        press(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(app.screen(), Screen::Dialog);
        press(&mut app, KeyCode::Char('Y'), KeyModifiers::SHIFT);
        assert!(app.should_quit());
    }

    #[test]
    fn f1_toggles_help_and_esc_closes_it() {
        let mut app = app();
        press(&mut app, KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(app.screen(), Screen::Help);
        press(&mut app, KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(app.screen(), Screen::Sale);
        press(&mut app, KeyCode::F(1), KeyModifiers::NONE);
        press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(app.screen(), Screen::Sale);
        press(&mut app, KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(app.layers().len(), 1, "the sale is never popped");
    }

    #[test]
    fn unbuilt_keys_say_so() {
        let mut app = app();
        press(&mut app, KeyCode::F(2), KeyModifiers::NONE);
        assert_eq!(
            app.status().map(|s| s.text.as_str()),
            Some("F2 customer: not available yet")
        );
        for n in [3, 4, 5, 6, 7, 8, 10] {
            press(&mut app, KeyCode::F(n), KeyModifiers::NONE);
            let text = app.status().map(|s| s.text.clone()).unwrap_or_default();
            assert!(text.starts_with(&format!("F{n} ")), "{text}");
            assert!(text.ends_with("not available yet"), "{text}");
        }
    }

    #[test]
    fn typing_goes_into_the_item_entry() {
        let mut app = app();
        for c in "12A".chars() {
            press(&mut app, KeyCode::Char(c), KeyModifiers::NONE);
        }
        press(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(app.input().value(), "12");
        press(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(app.input().value(), "");
        assert_eq!(app.status().map(|s| s.kind), Some(StatusKind::Error));
    }

    #[test]
    fn arrows_move_and_del_removes_the_current_line() {
        let mut app = app();
        assert_eq!(app.selected_line(), None);
        app.sale_mut()
            .lines
            .extend([line("A1"), line("B2"), line("C3")]);
        press(&mut app, KeyCode::Down, KeyModifiers::NONE);
        press(&mut app, KeyCode::Down, KeyModifiers::NONE);
        press(&mut app, KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(app.selected_line(), Some(2));
        press(&mut app, KeyCode::PageUp, KeyModifiers::NONE);
        assert_eq!(app.selected_line(), Some(0));
        press(&mut app, KeyCode::Delete, KeyModifiers::NONE);
        let skus: Vec<_> = app.sale().lines.iter().map(|l| l.sku.as_str()).collect();
        assert_eq!(skus, ["B2", "C3"]);
    }

    #[test]
    fn key_releases_are_ignored() {
        let app = app();
        let mut event = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        event.kind = KeyEventKind::Release;
        assert_eq!(app.handle_key(event), None);
    }
}
