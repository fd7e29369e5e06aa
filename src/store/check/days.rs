//! The invariants of closed days: numbers without gaps, and each day's stored figures equal
//! to what the documents in its range come to now, so a Z report can never drift from the
//! invoices it summed (nor the invoices from it).

use super::{Finding, MAX_PER_INVARIANT};
use crate::store::days::days_against_documents;
use crate::store::{Result, Store};

const FIGURES: &str = "a closed day's figures equal its documents";

impl Store {
    pub(super) fn check_day_numbers(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "day numbers have no gaps",
            "SELECT x.n, x.highest FROM (
                 SELECT count(*) AS n, coalesce(max(number), 0) AS highest FROM days
             ) x WHERE x.n <> x.highest",
            |r| {
                Ok(format!(
                    "{} closed days but the highest number is {}",
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?
                ))
            },
        )
    }

    pub(super) fn check_day_audit(&self, findings: &mut Vec<Finding>) -> Result<()> {
        self.collect(
            findings,
            "every no-sale and day close is audited",
            "SELECT 'no sale ' || n.id, n.user_name FROM no_sales n
             WHERE NOT EXISTS (SELECT 1 FROM audit_log a
                               WHERE a.action = 'no_sale' AND a.reference = 'no sale ' || n.id)
             UNION ALL
             SELECT 'day ' || d.number, d.closed_by FROM days d
             WHERE NOT EXISTS (SELECT 1 FROM audit_log a
                               WHERE a.action = 'day_close' AND a.reference = 'day ' || d.number)
             ORDER BY 1",
            |r| {
                Ok(format!(
                    "{} by {} has no audit row",
                    r.get::<String>(0)?,
                    r.get::<String>(1)?
                ))
            },
        )
    }

    pub(super) fn check_day_figures(&self, findings: &mut Vec<Finding>) -> Result<()> {
        let mut found = Vec::new();
        for (stored, computed) in days_against_documents(&self.conn)? {
            let day = &stored.report;
            let number = day.number.unwrap_or_default();
            let at = &day.location;
            let mut differs = |figure: &str, kept: String, now: String| {
                if kept != now {
                    found.push(format!(
                        "day {number} at {at}: {figure} stored {kept} but its documents come to {now}"
                    ));
                }
            };
            let kept = day.figures.amounts();
            let now = computed.figures.amounts();
            for ((figure, kept), (_, now)) in kept.iter().zip(&now) {
                differs(figure, kept.to_string(), now.to_string());
            }
            differs(
                "invoices",
                day.figures.invoices.to_string(),
                computed.figures.invoices.to_string(),
            );
            differs(
                "no_sales",
                day.figures.no_sales.to_string(),
                computed.figures.no_sales.to_string(),
            );
            // A day closed before the counts were kept has none to compare.
            if let (Some(kept), Some(now)) = (&day.figures.counts, &computed.figures.counts) {
                for ((figure, kept), (_, now)) in kept.all().into_iter().zip(now.all()) {
                    differs(figure, kept, now);
                }
            }
            let text =
                |m: Option<crate::domain::Money>| m.map(|m| m.to_string()).unwrap_or_default();
            differs(
                "over_short",
                text(day.over_short),
                text(computed.over_short),
            );
            differs(
                "opened_at",
                day.opened_at.clone().unwrap_or_default(),
                computed.opened_at.clone().unwrap_or_default(),
            );
        }
        let more = found.len().saturating_sub(MAX_PER_INVARIANT);
        findings.extend(
            found
                .into_iter()
                .take(MAX_PER_INVARIANT)
                .map(|detail| Finding {
                    invariant: FIGURES,
                    detail,
                }),
        );
        if more > 0 {
            findings.push(Finding {
                invariant: FIGURES,
                detail: format!("... and {more} more"),
            });
        }
        Ok(())
    }
}
