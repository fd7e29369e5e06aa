-- Returns without an invoice, and the price changes parked sales keep: the same as
-- SQLite's (see its 0014_unlinked_returns.sql).
ALTER TABLE return_lines ALTER COLUMN from_invoice DROP NOT NULL;
ALTER TABLE return_lines ALTER COLUMN from_line DROP NOT NULL;
ALTER TABLE return_lines ADD CONSTRAINT return_lines_from_both
    CHECK ((from_invoice IS NULL) = (from_line IS NULL));

ALTER TABLE parked_lines ADD COLUMN price_change TEXT COLLATE "C";
ALTER TABLE parked_lines ADD COLUMN price_reason TEXT COLLATE "C";
ALTER TABLE parked_lines ADD COLUMN price_approved_by TEXT COLLATE "C";
ALTER TABLE parked_sales ADD COLUMN discount_pct TEXT COLLATE "C";
ALTER TABLE parked_sales ADD COLUMN discount_reason TEXT COLLATE "C";
ALTER TABLE parked_sales ADD COLUMN discount_approved_by TEXT COLLATE "C";
