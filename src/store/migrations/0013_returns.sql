-- Returns of delivered goods: a return is an invoice of kind 'return' in the invoice
-- sequence. Its invoice_lines hold the units coming back (qty, amount and tax negative);
-- return_lines says which line of which sale or final invoice each one returns, and
-- whether the units came back damaged (kept apart in stock.damaged, never available).
-- Undamaged units go back on hand with a stock movement of kind 'return'.
--
-- The kind lists of invoices and stock_movements gain 'return'. SQLite cannot alter a
-- CHECK constraint, and rebuilding invoices would break the foreign keys that point at it
-- inside this transaction; widening an IN list changes no stored row, so the table
-- definitions are edited in place (the documented procedure for such changes).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '(''sale'', ''final'', ''refund'')',
                          '(''sale'', ''final'', ''refund'', ''return'')')
 WHERE type = 'table' AND name = 'invoices';
UPDATE sqlite_schema
   SET sql = replace(sql, '''sale'', ''fill'', ''refund'')',
                          '''sale'', ''fill'', ''refund'', ''return'')')
 WHERE type = 'table' AND name = 'stock_movements';
PRAGMA writable_schema = RESET;

CREATE TABLE return_lines (
    invoice_number INTEGER NOT NULL,           -- the return
    line_no        INTEGER NOT NULL,
    from_invoice   INTEGER NOT NULL REFERENCES invoices(number),
    from_line      INTEGER NOT NULL,
    qty            INTEGER NOT NULL CHECK (qty > 0),
    damaged        INTEGER NOT NULL DEFAULT 0 CHECK (damaged IN (0, 1)),
    PRIMARY KEY (invoice_number, line_no),
    FOREIGN KEY (invoice_number, line_no) REFERENCES invoice_lines(invoice_number, line_no),
    FOREIGN KEY (from_invoice, from_line) REFERENCES invoice_lines(invoice_number, line_no)
) WITHOUT ROWID;
CREATE INDEX return_lines_from ON return_lines(from_invoice, from_line);

ALTER TABLE stock ADD COLUMN damaged INTEGER NOT NULL DEFAULT 0 CHECK (damaged >= 0);
