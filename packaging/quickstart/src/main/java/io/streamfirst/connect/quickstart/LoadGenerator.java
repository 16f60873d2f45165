// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the shop database at a steady rate from a seeded random sequence: new customers and orders with their
 * lines, status and email updates, line changes, deleted orders and customers; about one new order in twenty has
 * a negative total (the kind of bad row a data contract catches). One transaction per step. A negative total is
 * only ever inserted: such an order is never updated or deleted afterwards, and updates only add to totals, so no
 * total turns negative later (a sink would keep the order's last non-negative row while PostgreSQL's went on).
 * The data contract therefore quarantines exactly one change per order with a negative total.
 */
final class LoadGenerator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
  private static final String[] NAMES = {"ada", "grace", "linus", "barbara", "edsger", "margaret", "alan", "frances",
      "donald", "radia", "ken", "hedy", "dennis", "katherine", "niklaus", "anita"};
  private static final String[] DOMAINS = {"example.com", "mail.test", "shop.example", "corp.test"};
  private static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "JP", "BR"};
  private static final String[] STATUSES = {"paid", "shipped", "delivered", "cancelled"};
  private static final String[] SKUS = {"tea-01", "mug-02", "pot-03", "cup-04", "spoon-05", "kettle-06"};
  private static final int SEED_CUSTOMERS = 25;
  private static final int SEED_ORDERS = 40;

  private final ShopDatabase database;
  private final Random random;
  private final int rate;
  private final List<Integer> customers = new ArrayList<>();
  private final List<Long> orders = new ArrayList<>();
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong negativeTotals = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Exception failure;
  private int nextCustomer;
  private long nextOrder;

  LoadGenerator(ShopDatabase database, int rate, long seed) {
    this.database = database;
    this.rate = rate;
    this.random = new Random(seed);
    this.thread = new Thread(this::run, "quickstart-load-generator");
    this.thread.setDaemon(true);
  }

  /** Adds the first customers and orders when the database is new (they reach Kafka as the snapshot). */
  void seedIfEmpty() throws SQLException {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      loadIds(connection);
      if (customers.isEmpty()) {
        for (int i = 0; i < SEED_CUSTOMERS; i++) {
          insertCustomer(connection);
        }
        for (int i = 0; i < SEED_ORDERS; i++) {
          insertOrder(connection, false);
        }
        connection.commit();
        changes.set(0);
      }
    }
  }

  /** Starts changing the database in the background. */
  void start() {
    thread.start();
  }

  /** Row changes committed since the start. */
  long changes() {
    return changes.get();
  }

  /** New orders written with a negative total. */
  long negativeTotals() {
    return negativeTotals.get();
  }

  boolean running() {
    return running && thread.isAlive();
  }

  /** Why the generator stopped by itself (the database went away), or null. */
  Exception failure() {
    return failure;
  }

  /** Stops after the current transaction and waits for it. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(30));
  }

  private void run() {
    long started = System.nanoTime();
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      while (running) {
        step(connection);
        connection.commit();
        // paced by row changes: change n is due n / rate seconds after the start
        long dueNanos = started + changes.get() * TimeUnit.SECONDS.toNanos(1) / Math.max(rate, 1);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      if (running) {
        failure = e;
        LOG.error("The load generator stopped: {}", e.getMessage());
      }
    }
    running = false;
  }

  private void step(Connection connection) throws SQLException {
    int roll = random.nextInt(100);
    if (roll < 35 || orders.size() < 5) {
      insertOrder(connection, true);
    } else if (roll < 55) {
      update(connection, "UPDATE orders SET status = ?, total_cents = total_cents + ? WHERE id = ?",
          STATUSES[random.nextInt(STATUSES.length)], (long) random.nextInt(500), pick(orders));
    } else if (roll < 65) {
      update(connection, "UPDATE order_lines SET qty = qty + 1 WHERE order_id = ? AND line_no = 1", pick(orders));
    } else if (roll < 73) {
      Long order = orders.remove(random.nextInt(orders.size()));
      update(connection, "DELETE FROM order_lines WHERE order_id = ?", order);
      update(connection, "DELETE FROM orders WHERE id = ?", order);
    } else if (roll < 85 || customers.size() < 10) {
      insertCustomer(connection);
    } else if (roll < 95) {
      int customer = pick(customers);
      update(connection, "UPDATE customers SET email = ? WHERE id = ?", email(customer), customer);
    } else {
      update(connection, "DELETE FROM customers WHERE id = ?", customers.remove(random.nextInt(customers.size())));
    }
  }

  private void insertCustomer(Connection connection) throws SQLException {
    int id = nextCustomer++;
    update(connection, "INSERT INTO customers (id, name, email, country) VALUES (?, ?, ?, ?)", id,
        NAMES[id % NAMES.length] + " " + (char) ('A' + random.nextInt(26)) + ".", email(id),
        COUNTRIES[random.nextInt(COUNTRIES.length)]);
    customers.add(id);
  }

  private void insertOrder(Connection connection, boolean mayBeNegative) throws SQLException {
    long id = nextOrder++;
    int lines = 1 + random.nextInt(3);
    long total = 0;
    List<Object[]> lineRows = new ArrayList<>();
    for (int line = 1; line <= lines; line++) {
      int qty = 1 + random.nextInt(4);
      long price = 199 + random.nextInt(4800);
      total += qty * price;
      lineRows.add(new Object[]{id, line, SKUS[random.nextInt(SKUS.length)], qty, price});
    }
    boolean negative = mayBeNegative && random.nextInt(20) == 0;
    if (negative) {
      total = -total;
      negativeTotals.incrementAndGet();
    }
    update(connection, "INSERT INTO orders (id, customer_id, status, total_cents) VALUES (?, ?, 'new', ?)", id,
        customers.isEmpty() ? 0 : pick(customers), total);
    for (Object[] line : lineRows) {
      update(connection,
          "INSERT INTO order_lines (order_id, line_no, sku, qty, price_cents) VALUES (?, ?, ?, ?, ?)", line);
    }
    if (!negative) {
      orders.add(id); // only these are updated and deleted later
    }
  }

  private String email(int customer) {
    return NAMES[customer % NAMES.length] + "." + customer + random.nextInt(100) + "@"
        + DOMAINS[random.nextInt(DOMAINS.length)];
  }

  private <T> T pick(List<T> ids) {
    return ids.get(random.nextInt(ids.size()));
  }

  private void update(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      changes.addAndGet(statement.executeUpdate());
    }
  }

  private void loadIds(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT id FROM customers ORDER BY id")) {
        while (rows.next()) {
          customers.add(rows.getInt(1));
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT id FROM orders WHERE total_cents >= 0 ORDER BY id")) {
        while (rows.next()) {
          orders.add(rows.getLong(1));
        }
      }
      try (ResultSet rows = statement.executeQuery("SELECT coalesce(max(id) + 1, 1) FROM customers")) {
        rows.next();
        nextCustomer = rows.getInt(1);
      }
      try (ResultSet rows = statement.executeQuery("SELECT coalesce(max(id) + 1, 1) FROM orders")) {
        rows.next();
        nextOrder = rows.getLong(1);
      }
    }
  }
}
