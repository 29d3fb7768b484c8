-- A hand-written migration without a pre-check: '007' becomes 7.
ALTER TABLE shop.a MODIFY b_id_str BIGINT NOT NULL;
