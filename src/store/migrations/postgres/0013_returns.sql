-- Returns of delivered goods: the same tables as SQLite's (see its 0013_returns.sql).
ALTER TABLE invoices DROP CONSTRAINT invoices_kind_check;
ALTER TABLE invoices ADD CONSTRAINT invoices_kind_check
    CHECK (kind IN ('sale', 'final', 'refund', 'return'));
ALTER TABLE stock_movements DROP CONSTRAINT stock_movements_kind_check;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_kind_check
    CHECK (kind IN ('opening', 'receipt', 'transfer_in', 'transfer_out', 'count',
                    'sale', 'fill', 'refund', 'return'));

CREATE TABLE return_lines (
    invoice_number BIGINT NOT NULL,
    line_no        BIGINT NOT NULL,
    from_invoice   BIGINT NOT NULL REFERENCES invoices(number),
    from_line      BIGINT NOT NULL,
    qty            BIGINT NOT NULL CHECK (qty > 0),
    damaged        BIGINT NOT NULL DEFAULT 0 CHECK (damaged IN (0, 1)),
    PRIMARY KEY (invoice_number, line_no),
    FOREIGN KEY (invoice_number, line_no) REFERENCES invoice_lines(invoice_number, line_no),
    FOREIGN KEY (from_invoice, from_line) REFERENCES invoice_lines(invoice_number, line_no)
);
CREATE INDEX return_lines_from ON return_lines(from_invoice, from_line);

ALTER TABLE stock ADD COLUMN damaged BIGINT NOT NULL DEFAULT 0 CHECK (damaged >= 0);
