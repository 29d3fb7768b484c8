-- rows every one of which converts to BIGINT in strict mode; row 3 loses its zeros
INSERT INTO shop.b (id, name) VALUES (1, 'one'), (2, 'two'), (7, 'seven'), (42, 'x');
INSERT INTO shop.a (id, b_id_str, note) VALUES (1, '1', NULL), (2, '2', ''), (3, '007', 'leading zeros'), (4, '42', 'ÉLAN 😀'), (5, '-3', NULL);
