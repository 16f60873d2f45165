// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.clickhouse.WriteMode;
import io.streamfirst.connect.clickhouse.client.Availability;
import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.clickhouse.schema.MetaColumns;
import io.streamfirst.connect.clickhouse.schema.Sql;
import io.streamfirst.connect.clickhouse.schema.Tables;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs inserts, several tables at once (one batch per table at a time, so each table still
 * receives its rows in offset order). A failed attempt is settled before anything else happens:
 * after the backoff, the sink waits until the attempt no longer runs on the server (an insert whose
 * answer was lost can still land while it runs), then counts the batch's rows in the table for
 * every partition of the batch. All there: done, not re-sent. None there: re-sent (transient
 * failures only). Some there: the batch was split, the task fails. While the server cannot be
 * asked, nothing is re-sent; after {@value ClickHouseSinkConfig#UNAVAILABLE_MAX_MS} the task fails.
 */
public final class Inserter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Inserter.class);
  /** Pauses while settling an attempt never exceed this (unless the configured backoff is longer). */
  private static final long MAX_PAUSE_MS = 30_000L;
  private static final long MIN_PAUSE_MS = 100L;

  /** What a failed attempt left in the table. */
  enum Landing {
    ALL, NONE, PARTIAL
  }

  private final ClickHouseConnection connection;
  private final Tables schemas;
  private final boolean cdc;
  private final Availability availability;
  private final Time time;
  private final boolean tokens;
  private final int maxRetries;
  private final long backoffMs;
  private final long unavailableMaxMs;
  private final ExecutorService pool;

  public Inserter(ClickHouseConnection connection, Tables schemas, WriteMode mode, Availability availability,
      Time time, int parallelism, int maxRetries, Duration backoff, Duration unavailableMax, String threadName) {
    this.connection = connection;
    this.schemas = schemas;
    this.cdc = mode == WriteMode.CDC;
    this.availability = availability;
    this.time = time;
    this.tokens = schemas.server().deduplicationToken();
    this.maxRetries = maxRetries;
    this.backoffMs = backoff.toMillis();
    this.unavailableMaxMs = unavailableMax.toMillis();
    AtomicInteger count = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, threadName + "-insert-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts inserting {@code batch} on an insert thread. The caller keeps at most one batch per table
   * in flight, so each table still receives its rows in offset order.
   *
   * @return completes with the time the rows became visible, or fails with a ConnectException
   */
  public Future<Long> submit(Batch batch) {
    return pool.submit(() -> {
      insert(batch);
      return time.milliseconds();
    });
  }

  /**
   * Waits at most {@code maxWaitMs} for a submitted insert; its failure is rethrown as the
   * ConnectException that says what to do.
   *
   * @return when the rows became visible, or null when the insert is still being attempted or settled
   */
  public Long await(Future<Long> insert, long maxWaitMs) {
    try {
      return insert.get(Math.max(0, maxWaitMs), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof ConnectException ce
          ? ce
          : new ConnectException("Insert failed: " + cause.getClass().getName(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting for an insert into ClickHouse", e);
    }
  }

  /** One batch: attempts, each failed one settled before the next. */
  public void insert(Batch batch) {
    String token = tokens ? batch.deduplicationToken() : null;
    for (int resends = 0;; resends++) {
      String queryId = "sf-" + UUID.randomUUID();
      ClickHouseException failure;
      try {
        connection.insert(batch.quotedTable(), batch.quotedColumns(), batch.data().array(), batch.data().size(),
            batch.format(), token, queryId);
        availability.reachable();
        LOG.debug("Inserted {} rows into {} ({} bytes)", batch.rows(), batch.table(), batch.data().size());
        return;
      } catch (ClickHouseException e) {
        failure = e;
      }
      boolean retriable = failure.error().retriable();
      if (retriable) {
        ConnectException fatal = availability.failed(failure.error());
        if (fatal != null) {
          throw fatal;
        }
      }
      Landing landing = settle(batch, queryId, failure, retriable);
      if (landing == Landing.ALL) {
        LOG.warn("Insert of {} rows into table {} reported a failure ({}), but all its rows are in the table: not"
            + " re-sent", batch.rows(), batch.table(), failure.getMessage());
        return;
      }
      if (landing == Landing.PARTIAL) {
        throw partial(batch, failure);
      }
      if (!retriable || resends >= maxRetries) {
        throw new ConnectException("Insert of " + batch.rows() + " rows into table " + batch.table() + " failed"
            + (resends > 0 ? " after " + (resends + 1) + " attempts" : "") + ": " + failure.getMessage()
            + ". None of its rows are in the table. Fix the cause and restart the task: rows already in the table"
            + " are skipped on replay, so a restart neither loses nor duplicates rows.", failure);
      }
      LOG.warn("Insert of {} rows into table {} failed ({}) and none of its rows are in the table: re-sending it"
          + " (retry {} of {})", batch.rows(), batch.table(), failure.getMessage(), resends + 1, maxRetries);
    }
  }

  /**
   * Waits for the backoff (transient failures), then until attempt {@code queryId} no longer runs on
   * the server, then looks at what it left in the table. Nothing is re-sent while this cannot be known.
   */
  private Landing settle(Batch batch, String queryId, ClickHouseException failure, boolean backoffFirst) {
    long failedAt = time.milliseconds();
    for (int n = backoffFirst ? 0 : -1;; n++) {
      if (n >= 0) {
        pause(n);
      }
      try {
        if (connection.running(queryId)) {
          availability.reachable();
          long running = time.milliseconds() - failedAt;
          if (running > unavailableMaxMs) {
            throw new ConnectException("Insert of " + batch.rows() + " rows into table " + batch.table() + " failed ("
                + failure.getMessage() + ") but still runs on the server " + running / 1000 + " s later (query id "
                + queryId + "), longer than " + ClickHouseSinkConfig.UNAVAILABLE_MAX_MS + ": whether it lands is"
                + " unknown. Check the server (system.processes), then restart the task: rows in the table are"
                + " skipped on replay.");
          }
          LOG.debug("Failed insert {} into {} still runs on the server; waiting before checking its rows", queryId,
              batch.table());
          continue;
        }
        Landing landing = landing(batch, schemas.rowsIn(batch.table(), batch.ranges()));
        availability.reachable();
        return landing;
      } catch (ClickHouseException e) {
        if (!e.error().retriable()) {
          throw new ConnectException("Insert of " + batch.rows() + " rows into table " + batch.table() + " failed ("
              + failure.getMessage() + ") and checking whether its rows are in the table failed too: "
              + e.getMessage() + ". Fix the cause and restart the task: rows in the table are skipped on replay.", e);
        }
        ConnectException fatal = availability.failed(e.error());
        if (fatal != null) {
          throw fatal;
        }
        LOG.warn("Insert of {} rows into table {} failed ({}); cannot check yet whether it landed: {}", batch.rows(),
            batch.table(), failure.getMessage(), availability.describe());
      }
    }
  }

  /**
   * What a batch left in the table, from its rows per partition ({@code [count, highest offset]}).
   * Append tables keep every row, so all of a partition's rows must be there; CDC tables may collapse
   * rows of one key, so the partition's last row (its newest change) must be there.
   */
  Landing landing(Batch batch, Map<TopicPartition, long[]> found) {
    int all = 0;
    int none = 0;
    for (Map.Entry<TopicPartition, long[]> e : batch.ranges().entrySet()) {
      long[] range = e.getValue();
      long[] rows = found.get(e.getKey());
      if (rows == null || rows[0] == 0) {
        none++;
      } else if (cdc ? rows[1] == range[1] : rows[0] == range[2]) {
        all++;
      }
    }
    int partitions = batch.ranges().size();
    return all == partitions ? Landing.ALL : none == partitions ? Landing.NONE : Landing.PARTIAL;
  }

  private ConnectException partial(Batch batch, ClickHouseException failure) {
    StringJoiner ranges = new StringJoiner(" OR ");
    batch.ranges().forEach((tp, range) -> ranges.add("(" + Sql.identifier(MetaColumns.TOPIC) + " = "
        + Sql.literal(tp.topic()) + " AND " + Sql.identifier(MetaColumns.PARTITION) + " = " + tp.partition() + " AND "
        + Sql.identifier(MetaColumns.OFFSET) + " BETWEEN " + range[0] + " AND " + range[1] + ")"));
    return new ConnectException("Insert of " + batch.rows() + " rows into table " + batch.table() + " failed ("
        + failure.getMessage() + ") and only some of its rows are in the table: the table split the insert into"
        + " several parts (PARTITION BY, a materialized view, or server settings), so it was not atomic. Re-sending"
        + " would duplicate rows and skipping would lose them, so the task stops. Delete the batch's rows (ALTER"
        + " TABLE ... DELETE WHERE " + ranges + ") and restart the task.", failure);
  }

  /** Pause {@code n} of a settle loop: the backoff, doubled each time, between 100 ms and 30 s. */
  private void pause(int n) {
    long wait = Math.min(Math.max(MAX_PAUSE_MS, backoffMs), backoffMs << Math.min(n, 16));
    time.sleep(Math.max(MIN_PAUSE_MS, wait));
    if (Thread.currentThread().isInterrupted()) {
      throw new ConnectException("Interrupted while settling a failed insert into ClickHouse (task stopping or"
          + " partitions revoked)");
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
