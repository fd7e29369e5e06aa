-- The invoices of an order (its deposit and final invoices), found without reading them all:
-- the orders list reads them for every order it shows.
CREATE INDEX invoices_order ON invoices(order_number, kind);
