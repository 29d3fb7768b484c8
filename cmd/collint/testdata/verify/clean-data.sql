INSERT INTO shop.b (id, name) VALUES (1, 'one'), (2, 'two'), (42, 'x');
INSERT INTO shop.a (id, b_id_str, note) VALUES (1, '1', NULL), (2, '2', 'b'), (3, '42', NULL);
