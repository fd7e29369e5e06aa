-- What was refunded of each order line's prepaid deposit (cancelled backorders, voided
-- orders), so a line's deposit still held is prepaid - prepaid_applied - prepaid_refunded.
ALTER TABLE order_lines ADD COLUMN prepaid_refunded TEXT COLLATE "C" NOT NULL DEFAULT '0';

-- The queue of lines waiting for stock of a product, oldest first.
CREATE INDEX order_lines_waiting ON order_lines(product_id, queued_at) WHERE backordered > 0;
