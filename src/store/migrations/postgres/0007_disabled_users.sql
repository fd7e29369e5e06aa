-- A user who has left can be disabled: kept for the history their name is on, but no
-- longer able to sign in or approve.
ALTER TABLE users ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
-- `check` looks up the audit row of each receipt, transfer and count by product.
CREATE INDEX audit_log_product ON audit_log(product_id, action);
