.headers on
.mode list
-- A small page cache: the transaction spills pages to the database file
-- while the rollback journal grows (the access pattern the file system
-- must keep intact).
PRAGMA cache_size = 20;
CREATE TABLE city(id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT);
CREATE TABLE reading(id INTEGER PRIMARY KEY, city_id INTEGER REFERENCES city(id), day INTEGER, temp REAL, note TEXT);
INSERT INTO city(name, country) VALUES ('Oslo','NO'),('Lima','PE'),('Pune','IN'),('Kyiv','UA'),('Bern','CH');
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO reading(city_id, day, temp, note)
  SELECT (i % 5) + 1, i / 5, round(((i * 7919) % 1000) / 25.0 - 10.0, 2), printf('r%05d', i) FROM n;
COMMIT;
CREATE INDEX reading_city ON reading(city_id, day);
SELECT count(*), sum(temp), round(avg(temp), 4), min(temp), max(temp) FROM reading;
SELECT c.name, count(*) AS n, round(avg(r.temp), 3) AS avg_temp, max(r.note) AS last
  FROM reading r JOIN city c ON c.id = r.city_id GROUP BY c.id ORDER BY avg_temp DESC;
SELECT c.country, r.day, r.temp FROM city c JOIN reading r ON r.city_id = c.id
  WHERE r.temp > 29.5 ORDER BY r.temp DESC, r.day LIMIT 5;
UPDATE reading SET temp = temp + 1 WHERE day % 100 = 0;
DELETE FROM reading WHERE note LIKE 'r0999%';
SELECT count(*), round(total(temp), 2) FROM reading;
-- VACUUM rebuilds the database through a temporary file (opened, then
-- unlinked while open).
VACUUM;
PRAGMA integrity_check;
SELECT name, (SELECT count(*) FROM reading WHERE city_id = city.id AND temp < 0) AS cold
  FROM city ORDER BY cold DESC, name;
SELECT page_count * page_size > 100000 AS big_enough FROM pragma_page_count(), pragma_page_size();
