// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source task that runs the underlying connector's task unchanged and only maps what its
 * {@code poll()} returns (lineage headers, output format). Offsets, commits and acknowledgements go
 * straight to the delegate, so its restart and exactly-once behaviour is kept as is.
 *
 * <p>When the database cannot be reached ({@link DatabaseOutage#isUnreachable}), at start or while
 * capturing, the task stays RUNNING: it stops the delegate and starts a new one after a backoff (the
 * new one resumes from the committed offsets), until the database answers or
 * {@value CdcOptions#DATABASE_UNAVAILABLE_MAX_MS} has passed; then it fails, naming the database. A
 * delegate that reconnects by itself and goes silent meanwhile is noticed through
 * {@link #probeDatabase}. Permanent failures ({@link #explainStartFailure}, {@link #explainPollFailure})
 * fail the task at once.
 */
public abstract class DelegatingChangeTask extends SourceTask {

  private static final Logger LOG = LoggerFactory.getLogger(DelegatingChangeTask.class);

  /** Silence after which the database is probed, unless the allowed outage is shorter (then half of it). */
  static final long PROBE_AFTER_SILENCE_MS = 30_000;
  /** The longest a {@code poll()} waits for the next attempt before returning to the worker. */
  static final long MAX_WAIT_PER_POLL_MS = 1_000;

  /** Pauses the polling thread; returns early when the task is stopped. */
  @FunctionalInterface
  protected interface Pause {
    void pause(CountDownLatch stopped, long millis) throws InterruptedException;
  }

  private final Clock clock;
  private final Pause pause;

  private volatile SourceTask delegate;
  private volatile boolean stopping;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private ChangeRecordMapper mapper;
  private SourceLineage lineage = SourceLineage.DISABLED;
  private Map<String, String> props = Map.of();
  private DatabaseOutage outage;
  /** Whether the current outage was seen by a probe while the delegate kept running (it reconnects by itself). */
  private boolean seenByProbe;
  private long probeAfterSilenceMs;
  /** When the delegate last showed that the database answers (records, a start, a probe). */
  private long lastSignOfLifeMs;

  protected DelegatingChangeTask() {
    this(Clock.systemUTC(), (stopped, millis) -> stopped.await(millis, TimeUnit.MILLISECONDS));
  }

  /** For tests: a clock and a way to pause that follow the test's own time. */
  protected DelegatingChangeTask(Clock clock, Pause pause) {
    this.clock = clock;
    this.pause = pause;
  }

  /**
   * A new, unstarted task of the underlying connector for the task configuration {@code props}. Called
   * in {@link #start}, and again after an outage, so a connector may choose the delegate from its
   * configuration (e.g. the server flavour); a failure here is handled like a failing delegate start.
   */
  protected abstract SourceTask newDelegate(Map<String, String> props);

  /** How to read lineage from this database's change events, for the given task configuration. */
  protected abstract SourceInfoReader sourceInfoReader(Map<String, String> props);

  /**
   * The OpenLineage dataset of the table a change event's {@code source} block names, or null when it
   * names none. By default null: no input datasets.
   */
  protected io.streamfirst.connect.lineage.DatasetId tableDataset(Map<String, String> props,
      org.apache.kafka.connect.data.Struct source) {
    return null;
  }

  /** {@code host:port} of the database, for messages; never credentials. */
  protected abstract String databaseAddress(Map<String, String> props);

  /**
   * Whether the delegate is capturing, not waiting to restart itself after an error it retries on its
   * own (then the database was not reached yet). By default always true.
   */
  protected boolean delegateRunning(SourceTask delegate) {
    return true;
  }

  /**
   * Opens and closes one connection to the database, throwing what prevents it. Called when the
   * delegate has been silent for a while (a delegate may lose its connection and retry in the
   * background without failing), and while such an outage lasts. By default does nothing.
   */
  protected void probeDatabase(Map<String, String> props) throws Exception {}

  /**
   * Whether {@code failure} means that the database could not be reached, so that the task retries. By
   * default {@link DatabaseOutage#isUnreachable}.
   */
  protected boolean isDatabaseUnreachable(Throwable failure) {
    return DatabaseOutage.isUnreachable(failure);
  }

  /** The database password in {@code props}, kept out of every message; null when there is none. */
  protected String secret(Map<String, String> props) {
    return props.get(ConnectionKeys.PASSWORD);
  }

  @Override
  public void start(Map<String, String> props) {
    if (context == null) {
      throw new ConnectException("Task started before it was initialized");
    }
    this.props = Map.copyOf(props);
    String name = props.get("name");
    String connector = name == null || name.isBlank() ? "cdc" : name;
    CdcOptions options = CdcOptions.of(props);
    mapper = new ChangeRecordMapper(connector, options, sourceInfoReader(props));
    long maxMs = options.databaseUnavailableMaxMs();
    outage = new DatabaseOutage(connector, databaseAddress(props), maxMs, CdcOptions.maxRetryBackoffMs(props), clock);
    probeAfterSilenceMs = Math.max(1, Math.min(PROBE_AFTER_SILENCE_MS, maxMs / 2));
    lineage = SourceLineage.start(this.props, clock, source -> tableDataset(this.props, source));
    try {
      startDelegate(true);
    } catch (RuntimeException e) {
      lineage.run().fail(e);
      throw e;
    }
  }

  /**
   * The exception to fail the task with when the delegate cannot start: by default {@code failure}
   * itself; a connector may replace it with one that says what to fix (then it is not retried), usually
   * through its server kind's {@link FailureClassifier#explain}.
   */
  protected RuntimeException explainStartFailure(RuntimeException failure, Map<String, String> props) {
    return failure;
  }

  /**
   * The exception to throw when the delegate's {@code poll()} fails: by default {@code failure}
   * itself. A connector may turn a failure that the delegate would retry forever (bad credentials,
   * missing privileges) into a permanent one that says what to fix (then it is not retried), usually
   * through its server kind's {@link FailureClassifier#explain}.
   */
  protected RuntimeException explainPollFailure(RuntimeException failure, Map<String, String> props) {
    return failure;
  }

  /** Starts a new delegate; on an unreachable database records the outage and leaves none running. */
  private void startDelegate(boolean firstStart) {
    SourceTask candidate = null;
    try {
      candidate = newDelegate(props);
      candidate.initialize(context);
      candidate.start(props);
    } catch (RuntimeException e) {
      stopQuietly(candidate);
      RuntimeException explained = explainStartFailure(e, props);
      if (explained != e || !isDatabaseUnreachable(e)) {
        throw explained;
      }
      retryLater(e, firstStart ? "start" : "restart");
      return;
    }
    if (!delegateRunning(candidate) && !stopping) {
      // The delegate caught a failure of its own start and would retry it in poll() after its own pause.
      // If the database is unreachable, retry here instead, on this task's backoff and time limit.
      Exception unreachable;
      try {
        unreachable = probeFailure();
      } catch (RuntimeException permanent) {
        stopQuietly(candidate);
        throw permanent;
      }
      if (unreachable != null) {
        stopQuietly(candidate);
        retryLater(unreachable, firstStart ? "start" : "restart");
        return;
      }
    }
    delegate = candidate;
    if (stopping) {
      stopQuietly(candidate); // stop() came while this start was under way
      return;
    }
    if (delegateRunning(candidate)) {
      noteSignOfLife();
    } else {
      lastSignOfLifeMs = clock.millis(); // the database answers: the delegate's own retry will do
    }
  }

  /**
   * Probes the database: null when it answers (or fails for another reason than being unreachable);
   * the failure when it is unreachable. Throws the explained failure when that is permanent.
   */
  private Exception probeFailure() {
    try {
      probeDatabase(props);
      return null;
    } catch (Exception e) {
      RuntimeException failure = e instanceof RuntimeException runtime ? runtime : new ConnectException(e);
      RuntimeException explained = explainPollFailure(failure, props);
      if (explained != failure) {
        throw explained;
      }
      if (!isDatabaseUnreachable(e)) {
        LOG.debug("Connector {}: probing the database at {} failed, not for being unreachable: {}",
            props.get("name"), databaseAddress(props), PreflightReport.redact(String.valueOf(e), secret(props)));
        return null;
      }
      return e;
    }
  }

  /** Records a failed attempt; throws once the database has been unreachable for too long. */
  private void retryLater(Throwable failure, String what) {
    if (outage.failed(DatabaseOutage.describe(failure, secret(props)))) {
      throw outage.giveUp();
    }
    LOG.warn("{} (failed at {})", outage.retryMessage(), what);
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    try {
      return pollDelegate();
    } catch (org.apache.kafka.connect.errors.RetriableException e) {
      throw e;
    } catch (RuntimeException e) {
      lineage.run().fail(e);
      throw e;
    }
  }

  private List<SourceRecord> pollDelegate() throws InterruptedException {
    SourceTask current = delegate;
    if (current == null) {
      // Waiting to try again after the database could not be reached.
      long wait = outage.millisUntilNextAttempt();
      if (wait > 0) {
        pause.pause(stopped, Math.min(wait, MAX_WAIT_PER_POLL_MS));
      }
      if (!stopping && outage.millisUntilNextAttempt() == 0) {
        startDelegate(false);
      }
      return null;
    }
    List<SourceRecord> records;
    try {
      records = current.poll();
    } catch (RuntimeException e) {
      RuntimeException explained = explainPollFailure(e, props);
      if (explained != e || !isDatabaseUnreachable(e)) {
        throw explained;
      }
      // Start afresh later: the new delegate resumes from the offsets committed so far.
      delegate = null;
      stopQuietly(current);
      retryLater(e, "capture");
      return null;
    }
    if (records != null && !records.isEmpty()) {
      noteSignOfLife();
      return map(records);
    }
    if (outage.active() && !seenByProbe && delegateRunning(current)) {
      noteSignOfLife(); // a delegate that restarted itself after an error is capturing again
    } else if (clock.millis() - lastSignOfLifeMs >= probeAfterSilenceMs && outage.millisUntilNextAttempt() == 0) {
      probe(current);
    }
    return records;
  }

  private void noteSignOfLife() {
    if (outage.active()) {
      LOG.info("Connector {}: the database at {} answers again after {} s", props.get("name"),
          databaseAddress(props), outage.unreachableFor().toSeconds());
    }
    outage.reached();
    seenByProbe = false;
    lastSignOfLifeMs = clock.millis();
  }

  /** The delegate has been silent for a while: is the database still there? */
  private void probe(SourceTask current) {
    Exception unreachable;
    try {
      unreachable = probeFailure();
    } catch (RuntimeException permanent) {
      delegate = null;
      stopQuietly(current);
      throw permanent;
    }
    if (unreachable == null) {
      noteSignOfLife();
      return;
    }
    seenByProbe = true;
    try {
      retryLater(unreachable, "probe while the capture was silent");
    } catch (ConnectException giveUp) {
      delegate = null;
      stopQuietly(current);
      throw giveUp;
    }
  }

  private List<SourceRecord> map(List<SourceRecord> records) {
    List<SourceRecord> out = new ArrayList<>(records.size());
    for (SourceRecord record : records) {
      SourceRecord mapped = mapper.map(record);
      lineage.seen(record, mapped);
      if (mapped != null) {
        out.add(mapped);
      }
    }
    return out;
  }

  private void stopQuietly(SourceTask task) {
    if (task == null) {
      return;
    }
    try {
      task.stop();
    } catch (RuntimeException e) {
      LOG.warn("Connector {}: stopping the underlying task after a failure failed too: {}", props.get("name"),
          PreflightReport.redact(String.valueOf(e), secret(props)));
    }
  }

  @Override
  public void commit() throws InterruptedException {
    SourceTask current = delegate;
    if (current != null) {
      current.commit();
    }
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
    SourceTask current = delegate;
    if (current != null) {
      current.commitRecord(record, metadata);
    }
  }

  @Override
  public void stop() {
    stopping = true;
    stopped.countDown();
    SourceTask current = delegate;
    try {
      if (current != null) {
        current.stop();
      }
    } finally {
      lineage.run().complete();
    }
  }
}
