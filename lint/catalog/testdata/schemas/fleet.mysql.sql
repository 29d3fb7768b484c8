-- A fleet-tracking service's migrations, MySQL 8.0+ only: 0900 collations,
-- spatial columns with SRID, invisible columns, functional key parts,
-- expression defaults, CHECK constraints.

CREATE DATABASE fleet;
USE fleet;

CREATE TABLE depot (
  id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  code CHAR(5) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(120) NOT NULL,
  location POINT NOT NULL SRID 4326,
  area POLYGON,
  service_zone MULTIPOLYGON NULL,
  routes GEOMETRYCOLLECTION,
  outline LINESTRING,
  shape GEOMETRY,
  extra_points MULTIPOINT,
  lanes MULTILINESTRING,
  opened DATE NOT NULL DEFAULT (CURRENT_DATE),
  PRIMARY KEY (id),
  UNIQUE KEY uq_depot_code (code),
  SPATIAL KEY sp_depot_location (location)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;

CREATE TABLE vehicle (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  depot_id SMALLINT UNSIGNED NOT NULL,
  plate VARCHAR(16) COLLATE utf8mb4_0900_as_cs NOT NULL,
  vin CHAR(17) CHARACTER SET ascii NOT NULL,
  model VARCHAR(64) NOT NULL,
  uuid BINARY(16) NOT NULL DEFAULT (UUID_TO_BIN(UUID())),
  tags JSON NOT NULL DEFAULT (JSON_ARRAY()),
  odometer_km INT UNSIGNED NOT NULL DEFAULT 0,
  fuel_pct TINYINT UNSIGNED CHECK (fuel_pct <= 100),
  internal_note VARCHAR(255) INVISIBLE,
  registered_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  retired BOOL NOT NULL DEFAULT FALSE,
  PRIMARY KEY (id),
  UNIQUE KEY uq_vehicle_plate (plate),
  KEY idx_vehicle_model_lower ((LOWER(model))),
  KEY idx_vehicle_depot (depot_id, registered_at DESC),
  CONSTRAINT fk_vehicle_depot FOREIGN KEY (depot_id) REFERENCES depot (id),
  CONSTRAINT chk_vin CHECK (CHAR_LENGTH(vin) = 17)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE driver (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employee_no VARCHAR(12) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_bin NOT NULL UNIQUE,
  full_name VARCHAR(100) NOT NULL,
  licence_class SET('B','C','CE','D') NOT NULL,
  phone VARCHAR(20) CHARACTER SET ascii,
  hired DATE NOT NULL,
  rating DECIMAL(3,2) UNSIGNED,
  home_depot SMALLINT UNSIGNED,
  FOREIGN KEY (home_depot) REFERENCES depot (id) ON DELETE SET NULL
) COLLATE utf8mb4_general_ci;

CREATE TABLE trip (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  vehicle_id INT UNSIGNED NOT NULL,
  driver_id INT UNSIGNED NOT NULL,
  started_at DATETIME NOT NULL,
  ended_at DATETIME NULL,
  distance_m INT UNSIGNED GENERATED ALWAYS AS (0) VIRTUAL,
  route LINESTRING SRID 4326,
  status ENUM('planned','running','done','aborted') NOT NULL DEFAULT 'planned',
  driver_note TEXT,
  PRIMARY KEY (id),
  KEY idx_trip_vehicle (vehicle_id, started_at),
  KEY idx_trip_driver (driver_id),
  CONSTRAINT fk_trip_vehicle FOREIGN KEY (vehicle_id) REFERENCES vehicle (id),
  CONSTRAINT fk_trip_driver FOREIGN KEY (driver_id) REFERENCES driver (id)
);

-- later migrations
ALTER TABLE vehicle ADD COLUMN colour VARCHAR(20) COLLATE utf8mb4_0900_as_ci AFTER model,
  ALTER COLUMN internal_note SET VISIBLE;
ALTER TABLE vehicle ALTER COLUMN odometer_km SET DEFAULT 10;
ALTER TABLE trip MODIFY driver_note MEDIUMTEXT COLLATE utf8mb4_unicode_520_ci,
  ADD COLUMN fare DECIMAL(8,2) UNSIGNED ZEROFILL AFTER status;
ALTER TABLE driver CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
ALTER TABLE depot ADD COLUMN timezone VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT 'UTC',
  RENAME COLUMN name TO display_name;
ALTER TABLE trip ADD INDEX idx_trip_status_started (status, started_at), DROP INDEX idx_trip_driver,
  ADD INDEX idx_trip_driver_started (driver_id, started_at);

CREATE TABLE telemetry (
  vehicle_id INT UNSIGNED NOT NULL,
  ts TIMESTAMP(3) NOT NULL,
  speed_kmh SMALLINT,
  heading DECIMAL(5,2),
  pos POINT NOT NULL SRID 4326,
  raw VARBINARY(512),
  PRIMARY KEY (vehicle_id, ts)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

CREATE TABLE depot_archive AS SELECT id, code, display_name, opened FROM depot;

CREATE VIEW v_active_vehicle AS
  SELECT v.id, v.plate, v.vin, v.model, d.code AS depot_code, d.display_name AS depot_name
  FROM vehicle v JOIN depot d ON d.id = v.depot_id
  WHERE v.retired = FALSE;

CREATE VIEW v_trip_driver AS
  SELECT t.id AS trip_id, t.status, t.started_at, dr.full_name, dr.employee_no, v.plate
  FROM trip t
  JOIN driver dr ON dr.id = t.driver_id
  JOIN vehicle v ON v.id = t.vehicle_id;
