-- Customers told that their order is ready to pick up: who told them, when, and how.
CREATE TABLE order_notices (
    id           INTEGER PRIMARY KEY,
    order_number INTEGER NOT NULL REFERENCES orders(number),
    at           TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    via          TEXT NOT NULL CHECK (via IN ('phone', 'email', 'sms'))
);
CREATE INDEX order_notices_order ON order_notices(order_number, at);
-- The pickup list finds when an order's units were committed from its release audit rows.
CREATE INDEX audit_log_order ON audit_log(other_order, action);
