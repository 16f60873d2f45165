package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.client.ClickHouseConnection;
import io.streamfirst.connect.clickhouse.client.ClickHouseException;
import io.streamfirst.connect.clickhouse.schema.Tables;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs inserts, several tables at once (one batch per table at a time, so each table still
 * receives its rows in offset order). A failed insert is checked against the table before it is
 * retried: when its rows are there (the server wrote them but the answer was lost or an attached
 * view failed) it counts as done, so a retry never duplicates rows.
 */
public final class Inserter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Inserter.class);

  private final ClickHouseConnection connection;
  private final Tables schemas;
  private final boolean tokens;
  private final int maxRetries;
  private final Duration backoff;
  private final ExecutorService pool;

  public Inserter(ClickHouseConnection connection, Tables schemas, int parallelism, int maxRetries,
      Duration backoff, String threadName) {
    this.connection = connection;
    this.schemas = schemas;
    this.tokens = schemas.server().deduplicationToken();
    this.maxRetries = maxRetries;
    this.backoff = backoff;
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
      return System.currentTimeMillis();
    });
  }

  /** Waits for a submitted insert; its failure is rethrown as the ConnectException that says what to do. */
  public long await(Future<Long> insert) {
    try {
      return insert.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof ConnectException ce ? ce
          : new ConnectException("Insert failed: " + cause.getClass().getName(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting for an insert into ClickHouse", e);
    }
  }

  /** One batch, with retries. */
  public void insert(Batch batch) {
    String token = tokens ? batch.deduplicationToken() : null;
    for (int attempt = 0; ; attempt++) {
      ClickHouseException failure;
      try {
        connection.insert(batch.quotedTable(), batch.quotedColumns(), batch.data().array(), batch.data().size(),
            batch.format(), token);
        LOG.debug("Inserted {} rows into {} ({} bytes)", batch.rows(), batch.table(), batch.data().size());
        return;
      } catch (ClickHouseException e) {
        failure = e;
      }
      if (landed(batch)) {
        LOG.warn("Insert of {} rows into table {} reported a failure ({}), but its rows are in the table: not"
            + " retried", batch.rows(), batch.table(), failure.getMessage());
        return;
      }
      if (!failure.error().retriable() || attempt >= maxRetries) {
        throw new ConnectException("Insert of " + batch.rows() + " rows into table " + batch.table() + " failed"
            + (attempt > 0 ? " after " + (attempt + 1) + " attempts" : "") + ": " + failure.getMessage()
            + ". Fix the cause and restart the task: rows already in the table are skipped on replay, so a restart"
            + " neither loses nor duplicates rows.", failure);
      }
      long wait = backoff.toMillis() << Math.min(attempt, 10);
      LOG.warn("Insert of {} rows into table {} failed ({}); retry {} of {} in {} ms", batch.rows(), batch.table(),
          failure.getMessage(), attempt + 1, maxRetries, wait);
      pause(wait);
    }
  }

  private boolean landed(Batch batch) {
    try {
      return TableWriter.landed(schemas, batch);
    } catch (ClickHouseException e) {
      LOG.warn("Could not check whether the failed insert into {} landed: {}", batch.table(), e.getMessage());
      return false;
    }
  }

  private static void pause(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting to retry an insert", e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
