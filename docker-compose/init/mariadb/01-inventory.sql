-- The inventory database of the Streamfirst Connect stack (MariaDB, row binlog): stock per SKU.
-- Run once by the mariadb image on its first start (empty data directory).

CREATE USER 'cdc'@'%' IDENTIFIED BY 'cdc';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR ON *.* TO 'cdc'@'%';

CREATE TABLE inventory.stock (
  sku        VARCHAR(64) PRIMARY KEY,
  warehouse  VARCHAR(32) NOT NULL,
  on_hand    INT NOT NULL,
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
);

INSERT INTO inventory.stock (sku, warehouse, on_hand) VALUES
  ('book-001', 'berlin', 120), ('lamp-010', 'berlin', 14), ('pen-100', 'paris', 900),
  ('desk-200', 'paris', 3), ('chair-300', 'london', 41);
