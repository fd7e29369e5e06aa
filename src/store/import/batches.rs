//! Writing an import's checked rows: every row checked first without the write lock, then
//! written in short transactions, each sized to hold the lock briefly, with a pause between
//! them in which a waiting counter takes it.

use std::time::{Duration, Instant};

use super::{ImportReport, ImportRules, RowError};
use crate::store::db::Conn;
use crate::store::policy::managers_only;
use crate::store::{Result, Store};

/// How long one batch of an import may hold the write lock: a counter that wants to write
/// meanwhile waits about this long at most.
pub const IMPORT_HOLD: Duration = Duration::from_millis(40);

/// The pause between two batches, in which a waiting counter takes the write lock (a
/// waiting writer looks again every 2 ms).
const IMPORT_PAUSE: Duration = Duration::from_millis(3);

/// The rows of the first batch, before the import has timed any.
const FIRST_BATCH: usize = 64;

/// The most rows of one batch, whatever the speed (its statements' parameters stay small).
const MOST_ROWS: usize = 5_000;

/// The rows checked by one read, before anything is written.
const CHECK_ROWS: usize = 1_000;

/// The rows a check or a write refused, each with its place in the rows it was given.
pub(super) type Refused = Vec<(usize, RowError)>;

/// Checks or writes rows one at a time, for [`Store::write_rows`]: `f` refuses a row with
/// `Ok(Err(_))`.
pub(super) fn one_by_one<T>(
    mut f: impl FnMut(&Conn, &T) -> Result<std::result::Result<(), RowError>>,
) -> impl FnMut(&Conn, &[T]) -> Result<Refused> {
    move |conn, rows| {
        let mut refused = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            if let Err(e) = f(conn, row)? {
                refused.push((i, e));
            }
        }
        Ok(refused)
    }
}

/// The rows of the next batch: as many as the last batch's pace fits in half of
/// [`IMPORT_HOLD`], leaving room for a slower batch (a busy machine, a busy server); at most twice the last, so a batch that
/// was fast by chance is not followed by one far too long.
fn next_batch(rows: usize, held: Duration) -> usize {
    let aim = IMPORT_HOLD.as_nanos() / 2;
    let fits = rows as u128 * aim / held.as_nanos().max(1);
    (fits.min(MOST_ROWS as u128) as usize).clamp(1, (rows * 2).clamp(1, MOST_ROWS))
}

impl Store {
    /// Writes parsed rows. Every row is first checked against the database without holding
    /// the write lock; a file with a bad row writes nothing unless `skip_bad`. Then the rows
    /// are written in batches that hold the lock for about [`IMPORT_HOLD`] at most, so a
    /// counter never waits long behind an import. `write` looks at its rows again before
    /// writing any of them, so a row refused at that moment is reported and nothing of it
    /// is written; an error of the database rolls the whole batch back. Imports are
    /// idempotent: an interrupted one is completed by running it again.
    pub(super) fn write_rows<T>(
        &mut self,
        what: &str,
        rows: Vec<T>,
        mut bad_rows: Vec<RowError>,
        rules: &ImportRules,
        mut check: impl FnMut(&Conn, &[T]) -> Result<Refused>,
        write: impl FnMut(&Conn, &[T]) -> Result<Refused>,
    ) -> Result<ImportReport> {
        managers_only(&self.conn, &rules.user, "import")?;
        let mut refused = vec![false; rows.len()];
        for (n, chunk) in rows.chunks(CHECK_ROWS).enumerate() {
            for (i, e) in check(&self.conn, chunk)? {
                refused[n * CHECK_ROWS + i] = true;
                bad_rows.push(e);
            }
        }
        let good: Vec<T> = rows
            .into_iter()
            .zip(refused)
            .filter_map(|(row, refused)| (!refused).then_some(row))
            .collect();
        bad_rows.sort_by_key(|e| e.line);
        if !bad_rows.is_empty() && !rules.skip_bad {
            return Ok(ImportReport {
                written: 0,
                bad_rows,
                committed: false,
                longest_lock: Duration::ZERO,
            });
        }
        let mut written = 0;
        let longest_lock = self.tracked(what, good.len() as u64, |store| {
            store.write_batches(&good, &mut bad_rows, &mut written, write)
        })?;
        bad_rows.sort_by_key(|e| e.line);
        Ok(ImportReport {
            written,
            bad_rows,
            committed: true,
            longest_lock,
        })
    }

    /// Writes the checked rows in short transactions, a pause between them so counters
    /// get the lock. Returns the longest time a batch held the lock.
    fn write_batches<T>(
        &mut self,
        good: &[T],
        bad_rows: &mut Vec<RowError>,
        written: &mut usize,
        mut write: impl FnMut(&Conn, &[T]) -> Result<Refused>,
    ) -> Result<Duration> {
        let mut longest = Duration::ZERO;
        let mut size = FIRST_BATCH;
        let mut rest = good;
        while !rest.is_empty() {
            if rest.len() < good.len() {
                std::thread::sleep(IMPORT_PAUSE);
            }
            let (batch, after) = rest.split_at(size.min(rest.len()));
            let tx = self.write()?;
            let started = Instant::now();
            let refused = write(&tx, batch)?;
            tx.commit()?;
            let held = started.elapsed();
            longest = longest.max(held);
            *written += batch.len() - refused.len();
            bad_rows.extend(refused.into_iter().map(|(_, e)| e));
            tracing::debug!(
                rows = batch.len(),
                held_ms = held.as_millis() as u64,
                "import batch written"
            );
            self.progress.advance(batch.len() as u64);
            size = next_batch(batch.len(), held);
            rest = after;
        }
        Ok(longest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_sized_by_the_last_ones_pace_and_grows_at_most_twofold() {
        let aim = IMPORT_HOLD / 2;
        assert_eq!(next_batch(100, aim), 100);
        assert_eq!(next_batch(100, aim * 2), 50);
        assert_eq!(next_batch(100, aim / 10), 200, "twice the last at most");
        assert_eq!(next_batch(100, Duration::ZERO), 200);
        assert_eq!(next_batch(4_000, aim / 10), MOST_ROWS);
        assert_eq!(next_batch(1, Duration::from_secs(1)), 1, "never none");
    }
}
