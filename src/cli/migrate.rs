//! `ringup migrate-store`: moves a store from its SQLite file into an empty PostgreSQL
//! database in one transaction, then checks both and compares their figures, so the owner
//! sees that the copy is the same store before pointing the counters at it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::{BadInput, Context, auth};
use crate::store::{Store, Target, without_password};

#[derive(Debug, Clone, clap::Args)]
pub struct MigrateArgs {
    /// The empty PostgreSQL database to move the store into: postgres://USER@HOST/DB.
    #[arg(long, value_name = "URL")]
    to: String,
    /// The SQLite file to move (default: the store named by --db or the config).
    #[arg(long, value_name = "FILE")]
    from: Option<PathBuf>,
}

pub fn run(args: MigrateArgs, ctx: &Context) -> anyhow::Result<ExitCode> {
    let from = match (&args.from, &ctx.db) {
        (Some(file), _) => file.clone(),
        (None, Target::File(file)) => file.clone(),
        (None, Target::Postgres(url)) => {
            return Err(BadInput(format!(
                "--from is needed: the configured store is already PostgreSQL ({})",
                without_password(url)
            ))
            .into());
        }
    };
    let to = match Target::parse(&args.to) {
        Target::Postgres(url) => url,
        Target::File(_) => {
            return Err(BadInput(format!(
                "--to '{}': a PostgreSQL URL, postgres://USER@HOST/DATABASE",
                args.to
            ))
            .into());
        }
    };
    if !from.exists() {
        return Err(BadInput(format!("--from '{}': no such file", from.display())).into());
    }
    let source_target = Target::File(from.clone());
    let mut source = Store::open_existing(&source_target, ctx.config.database.synchronous)
        .map_err(|e| super::opening(&source_target, e))?;
    source.set_pin_policy(ctx.config.security.pins);
    auth::manager_work(&mut source, ctx.user.as_deref(), "move the store")?;
    let named = without_password(&to);
    let mut target = Store::open_postgres(&to).with_context(|| format!("opening {named}"))?;
    target.report_progress(super::progress::Bar::boxed());
    let rows = target.copy_from(&source, &named).map_err(|e| {
        if e.is_bad_input() {
            anyhow::Error::new(BadInput(e.to_string()))
        } else {
            anyhow::Error::new(e).context(format!("copying into {named}; nothing was written"))
        }
    })?;

    let basis = ctx.config.backorders.price_break_basis;
    let depth = crate::store::check::Depth::Full;
    let mut out = std::io::stdout().lock();
    writeln!(out, "copied {rows} rows from {} to {named}", from.display())?;
    let mut sound = true;
    for (name, store) in [("sqlite", &source), ("postgresql", &target)] {
        let findings = store.check_with(basis, depth)?;
        for f in &findings {
            eprintln!("FAIL {name}: {f}");
        }
        sound &= findings.is_empty();
        let verdict = match findings.len() {
            0 => "every invariant holds".to_string(),
            n => format!("{n} invariant failure(s)"),
        };
        writeln!(out, "check {name}: {verdict}")?;
    }
    let (before, after) = (source.figures()?, target.figures()?);
    let width = before.keys().map(String::len).max().unwrap_or(0);
    writeln!(
        out,
        "{:width$}  {:>14}  {:>14}",
        "figure", "sqlite", "postgresql"
    )?;
    let mut differ = 0;
    for (figure, was) in &before {
        let now = after.get(figure).map_or("-", String::as_str);
        let mark = if was == now { "" } else { "  DIFFERS" };
        differ += usize::from(was != now);
        writeln!(out, "{figure:width$}  {was:>14}  {now:>14}{mark}")?;
    }
    if differ > 0 || !sound {
        eprintln!("the copy is not the same store: {differ} figure(s) differ");
        return Ok(ExitCode::from(1));
    }
    writeln!(
        out,
        "the copy has the same figures; point the counters at it with --db, RINGUP_DB or [database] url"
    )?;
    Ok(ExitCode::SUCCESS)
}
