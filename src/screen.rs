//! Starting the counter screen: open the database (the demo one with `--demo`, created
//! from the built-in demo catalog when missing), sign in, and hand over to the terminal.

use std::process::ExitCode;

use crate::app::{App, AppContext, Counter, Keymap};
use crate::cli::{BadInput, Context};
use crate::store::Store;

pub use crate::store::users::implicit_manager;

/// The counter's screens, as `ringup` runs them.
pub type Screen = App;

/// The sale screen over `counter`, with `user` signed in (no sign-in form): what the
/// bench measures.
pub fn on_sale_screen(counter: Counter, config: &crate::config::Config, user: &str) -> App {
    let context = AppContext {
        store_name: config.store.name.clone(),
        location: config.store.location.clone(),
        user_name: user.to_string(),
        role: counter.user.role.as_str().to_string(),
        currency: config.store.currency.clone(),
    };
    App::new(context, Keymap::default(), counter, None)
}

/// Draws the screens once on `terminal`, in colour.
pub fn draw_on<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    app: &App,
) -> anyhow::Result<()> {
    let theme = crate::ui::Theme::coloured();
    terminal
        .draw(|frame| crate::app::draw(frame, app, &theme))
        .map_err(|e| anyhow::anyhow!("drawing: {e}"))?;
    Ok(())
}

/// Builds the app: the counter over the store, on the sign-in form when users exist.
pub fn build_app(ctx: &Context, store: Store, user: Option<&str>) -> anyhow::Result<App> {
    let keymap = Keymap::with_overrides(&ctx.config.keys).map_err(|e| BadInput(e.to_string()))?;
    let has_users = store.user_count()? > 0;
    let counter = Counter::new(store, ctx.config.clone(), implicit_manager());
    let context = AppContext {
        store_name: ctx.config.store.name.clone(),
        location: ctx.config.store.location.clone(),
        user_name: "manager".into(),
        role: if has_users {
            "signing in".into()
        } else {
            "no users yet".into()
        },
        currency: ctx.config.store.currency.clone(),
    };
    let sign_in = has_users.then(|| user.unwrap_or_default().to_string());
    let mut app = App::new(context, keymap, counter, sign_in);
    if !has_users {
        app.set_info("No users yet: running as manager (add users with `ringup user add`)");
    }
    Ok(app)
}

/// What `ringup` does before its first frame (config, store, app), drawn on a test
/// terminal of 80×24 instead of the real one; prints the peak memory held by then.
pub fn first_frame(ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    let app = build_app(ctx, store, None)?;
    let theme = crate::ui::Theme::from_env();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))?;
    terminal.draw(|frame| crate::app::draw(frame, &app, &theme))?;
    println!("peak_rss_kb {}", crate::bench::peak_rss_kb());
    Ok(ExitCode::SUCCESS)
}

/// Runs the counter screen on the store (`--demo`'s, made when missing, or one that is
/// there: the screen makes none).
pub fn run(ctx: &Context, user: Option<&str>) -> anyhow::Result<ExitCode> {
    let store = ctx.open()?;
    let app = build_app(ctx, store, user)?;
    crate::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}
