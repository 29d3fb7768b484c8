-- +goose Up
ALTER TABLE shop.a MODIFY b_id_str BIGINT NOT NULL;

-- +goose Down
ALTER TABLE shop.a MODIFY b_id_str VARCHAR(32) NOT NULL;
