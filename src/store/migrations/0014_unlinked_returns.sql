-- Returns without an invoice (a manager's approval, refunded at today's price): their
-- return lines name no invoice line, so from_invoice and from_line may both be NULL.
-- SQLite cannot drop a NOT NULL, and nothing points at return_lines, so the table is
-- rebuilt with its rows.
--
-- A parked sale or quote keeps the clerk's price changes: each line its own (a unit price
-- or a percent off, the reason and the approving manager), the sale its discount.
CREATE TABLE return_lines_new (
    invoice_number INTEGER NOT NULL,           -- the return
    line_no        INTEGER NOT NULL,
    from_invoice   INTEGER REFERENCES invoices(number),
    from_line      INTEGER,
    qty            INTEGER NOT NULL CHECK (qty > 0),
    damaged        INTEGER NOT NULL DEFAULT 0 CHECK (damaged IN (0, 1)),
    PRIMARY KEY (invoice_number, line_no),
    FOREIGN KEY (invoice_number, line_no) REFERENCES invoice_lines(invoice_number, line_no),
    FOREIGN KEY (from_invoice, from_line) REFERENCES invoice_lines(invoice_number, line_no),
    CHECK ((from_invoice IS NULL) = (from_line IS NULL))
) WITHOUT ROWID;
INSERT INTO return_lines_new (invoice_number, line_no, from_invoice, from_line, qty, damaged)
    SELECT invoice_number, line_no, from_invoice, from_line, qty, damaged FROM return_lines;
DROP TABLE return_lines;
ALTER TABLE return_lines_new RENAME TO return_lines;
CREATE INDEX return_lines_from ON return_lines(from_invoice, from_line);

ALTER TABLE parked_lines ADD COLUMN price_change TEXT;      -- 'price 8.50' | 'percent 15'
ALTER TABLE parked_lines ADD COLUMN price_reason TEXT;
ALTER TABLE parked_lines ADD COLUMN price_approved_by TEXT;
ALTER TABLE parked_sales ADD COLUMN discount_pct TEXT;      -- the whole sale's percent off
ALTER TABLE parked_sales ADD COLUMN discount_reason TEXT;
ALTER TABLE parked_sales ADD COLUMN discount_approved_by TEXT;
