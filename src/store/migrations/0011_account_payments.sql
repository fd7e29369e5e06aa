-- Payments on account: a named customer pays, in cash or by card, against what they owe.
--
-- Numbers are gap-free and their own sequence (not the invoices'): the next is max + 1,
-- taken inside the writing transaction. Money is TEXT holding an exact decimal. The
-- balance before and after are as the payment found and left them, for the receipt.
CREATE TABLE account_payments (
    number         INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    location       TEXT NOT NULL REFERENCES locations(code),
    tender         TEXT NOT NULL,      -- cash | card
    amount         TEXT NOT NULL,
    balance_before TEXT NOT NULL,
    balance_after  TEXT NOT NULL,
    user_name      TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX account_payments_customer ON account_payments(customer_id);
CREATE INDEX account_payments_location ON account_payments(location, number);

-- A closed day covers its location's payments numbered after the previous day's
-- last_payment up to its own (days closed before payments existed cover none).
ALTER TABLE days ADD COLUMN last_payment INTEGER NOT NULL DEFAULT 0;
