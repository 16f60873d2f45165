// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketException;
import java.sql.SQLException;
import io.streamfirst.connect.common.ManualClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

/**
 * The task's handling of an unreachable database, on a clock of the test's own: retries with backoff
 * at start and while capturing, a silent delegate probed, failure after the allowed time with a
 * message naming the database, permanent failures at once.
 */
class DelegatingChangeTaskTest {

  private static final String PASSWORD = "s3cret-pw";

  private final ManualClock clock = new ManualClock();
  /** What each new delegate does, in order of creation. */
  private final Deque<FakeDelegate> delegates = new ArrayDeque<>();
  private final List<FakeDelegate> created = new ArrayList<>();
  /** What each probe throws, in order (null: the database answers). */
  private final List<Exception> probes = new ArrayList<>();
  private int probesMade;

  private static RuntimeException refused() {
    return new ConnectException("An exception occurred in the change event producer",
        new java.net.ConnectException("Connection refused"));
  }

  private Map<String, String> props(long maxMs) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "orders-cdc");
    props.put("database.hostname", "db1");
    props.put("database.port", "5432");
    props.put("database.password", PASSWORD);
    props.put(CdcOptions.DATABASE_UNAVAILABLE_MAX_MS, Long.toString(maxMs));
    return props;
  }

  private TestTask started(long maxMs) {
    TestTask task = new TestTask();
    task.initialize(new Context());
    task.start(props(maxMs));
    return task;
  }

  /** Polls until {@code until} (test time), returning every record; pauses advance the clock. */
  private List<SourceRecord> pollFor(TestTask task, long millis) throws InterruptedException {
    long end = clock.millis() + millis;
    List<SourceRecord> out = new ArrayList<>();
    while (clock.millis() < end) {
      List<SourceRecord> records = task.poll();
      if (records != null) {
        out.addAll(records);
      }
      clock.advance(10); // the time a poll takes
    }
    return out;
  }

  @Test
  void aTaskStartedWhileTheDatabaseIsDownKeepsRetryingWithBackoffAndCapturesOnceItAnswers() throws Exception {
    delegates.add(FakeDelegate.failingStart(refused()));
    delegates.add(FakeDelegate.failingStart(refused()));
    delegates.add(FakeDelegate.failingStart(refused()));
    delegates.add(FakeDelegate.capturing());

    TestTask task = started(300_000);
    List<SourceRecord> records = pollFor(task, 10_000);

    assertThat(created).hasSize(4);
    assertThat(created.get(1).startedAt - created.get(0).startedAt).as("first backoff").isBetween(1_000L, 1_100L);
    assertThat(created.get(2).startedAt - created.get(1).startedAt).as("second backoff").isBetween(2_000L, 2_100L);
    assertThat(created.get(3).startedAt - created.get(2).startedAt).as("third backoff").isBetween(4_000L, 4_100L);
    assertThat(created.subList(0, 3)).allMatch(d -> d.stopped).as("failed delegates are stopped");
    assertThat(records).isNotEmpty();
    assertThat(task.outageActive()).isFalse();
  }

  @Test
  void aDelegateThatPostponesItsOwnFailedStartIsReplacedOnThisTasksBackoffWhileTheDatabaseIsUnreachable()
      throws Exception {
    delegates.add(FakeDelegate.postponingStart());
    delegates.add(FakeDelegate.postponingStart());
    delegates.add(FakeDelegate.capturing());
    probes.add(new SQLException("Connection to db1:5432 refused", "08001"));
    probes.add(new SQLException("Connection to db1:5432 refused", "08001"));

    TestTask task = started(300_000);
    List<SourceRecord> records = pollFor(task, 5_000);

    assertThat(created).hasSize(3);
    assertThat(created.stream().map(d -> d.startedAt).toList()).containsExactly(0L, 1_000L, 3_000L);
    assertThat(created.subList(0, 2)).allMatch(d -> d.stopped);
    assertThat(records).isNotEmpty();
  }

  @Test
  void aDelegateThatPostponesItsOwnFailedStartIsKeptWhenTheDatabaseAnswers() throws Exception {
    FakeDelegate postponing = FakeDelegate.postponingStart();
    delegates.add(postponing);

    TestTask task = started(300_000);
    pollFor(task, 1_000);

    assertThat(probesMade).isEqualTo(1);
    assertThat(created).containsExactly(postponing);
    assertThat(postponing.stopped).isFalse();
  }

  @Test
  void theBackoffIsCappedByTheRetriableRestartWait() throws Exception {
    for (int i = 0; i < 6; i++) {
      delegates.add(FakeDelegate.failingStart(refused()));
    }
    delegates.add(FakeDelegate.capturing());
    Map<String, String> props = props(300_000);
    props.put(CdcOptions.RETRIABLE_RESTART_WAIT_MS, "3000");
    TestTask task = new TestTask();
    task.initialize(new Context());
    task.start(props);

    pollFor(task, 20_000);

    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < created.size(); i++) {
      gaps.add((created.get(i).startedAt - created.get(i - 1).startedAt) / 1000);
    }
    assertThat(gaps).containsExactly(1L, 2L, 3L, 3L, 3L, 3L);
  }

  @Test
  void aDatabaseUnreachableLongerThanAllowedFailsTheTaskNamingItAndTheTime() throws Exception {
    for (int i = 0; i < 10; i++) {
      delegates.add(FakeDelegate.failingStart(new ConnectException("start failed",
          new SQLException("Connection to db1:5432 refused (password " + PASSWORD + ")", "08001"))));
    }
    TestTask task = started(5_000);

    assertThatThrownBy(() -> pollFor(task, 60_000)).isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("Connector orders-cdc cannot reach the database at db1:5432: unreachable for 5 s")
        .hasMessageContaining("streamfirst.database.unavailable.max.ms=5000")
        .hasMessageContaining("Connection to db1:5432 refused")
        .hasMessageNotContaining(PASSWORD);
    assertThat(created.stream().map(d -> d.startedAt).toList())
        .as("attempts: at start, after 1 s, 2 s, then at the limit")
        .containsExactly(0L, 1_000L, 3_000L, 5_000L);
  }

  @Test
  void zeroMeansNoRetry() {
    delegates.add(FakeDelegate.failingStart(refused()));

    assertThatThrownBy(() -> started(0)).isInstanceOf(ConnectException.class)
        .hasMessageContaining("cannot reach the database at db1:5432: unreachable for 0 s");
  }

  @Test
  void aDatabaseLostWhileCapturingRestartsTheDelegateAfterABackoff() throws Exception {
    FakeDelegate first = FakeDelegate.capturing();
    first.pollFailures.add(new RetriableException("restart",
        new SQLException("An I/O error occurred while sending to the backend.", "08006")));
    delegates.add(first);
    delegates.add(FakeDelegate.failingStart(new RetriableException("Couldn't obtain encoding for database",
        new SQLException("FATAL: the database system is starting up", "57P03"))));
    delegates.add(FakeDelegate.capturing());
    TestTask task = started(300_000);

    List<SourceRecord> records = pollFor(task, 10_000);

    assertThat(first.stopped).isTrue();
    assertThat(created).hasSize(3);
    assertThat(created.get(2).startedAt - created.get(1).startedAt).isBetween(2_000L, 2_100L);
    assertThat(records).isNotEmpty();
    assertThat(task.outageActive()).isFalse();
  }

  @Test
  void permanentFailuresFailAtOnceAndOthersPassThroughUnchanged() throws Exception {
    FakeDelegate login = FakeDelegate.capturing();
    login.pollFailures
        .add(new RetriableException("retry", new SQLException("password authentication failed", "28P01")));
    delegates.add(login);
    TestTask task = started(300_000);
    assertThatThrownBy(() -> pollFor(task, 1_000)).isInstanceOf(ConnectException.class)
        .hasMessage("permanent: password authentication failed");
    assertThat(created).hasSize(1);

    FakeDelegate bad = FakeDelegate.capturing();
    DataException data = new DataException("a column named __op");
    bad.pollFailures.add(data);
    delegates.add(bad);
    TestTask other = started(300_000);
    assertThatThrownBy(() -> pollFor(other, 1_000)).isSameAs(data);

    delegates.add(FakeDelegate.failingStart(new ConnectException("start",
        new SQLException("password authentication failed", "28P01"))));
    assertThatThrownBy(() -> started(300_000)).hasMessage("permanent: password authentication failed");
  }

  @Test
  void aSilentDelegateIsProbedAndTheTaskFailsWhenTheDatabaseStaysAway() throws Exception {
    FakeDelegate silent = FakeDelegate.silent();
    delegates.add(silent);
    TestTask task = started(8_000);
    for (int i = 0; i < 5; i++) { // at 4 s of silence, then 1, 2, 4 s later, then at the limit
      probes.add(new SQLException("Socket fail to connect to db1:5432. Connection refused", "08000"));
    }

    assertThatThrownBy(() -> pollFor(task, 60_000)).isInstanceOf(ConnectException.class)
        .hasMessageContaining("cannot reach the database at db1:5432: unreachable for 8 s")
        .hasMessageContaining("Socket fail to connect");
    assertThat(probesMade).isEqualTo(5);
    assertThat(silent.stopped).as("the delegate is stopped when the task gives up").isTrue();
    assertThat(created).as("a delegate that reconnects by itself is left alone").hasSize(1);
  }

  @Test
  void aProbeThatReachesTheDatabaseEndsTheOutage() throws Exception {
    delegates.add(FakeDelegate.silent());
    TestTask task = started(8_000);
    probes.add(new SocketException("Connection reset"));
    probes.add(null);

    pollFor(task, 7_000);
    assertThat(probesMade).as("a probe after 4 s of silence, one more after 1 s").isEqualTo(2);
    assertThat(task.outageActive()).isFalse();
  }

  @Test
  void aDelegateThatKeepsEmittingIsNeverProbed() throws Exception {
    delegates.add(FakeDelegate.capturing());
    TestTask task = started(8_000);

    pollFor(task, 60_000);

    assertThat(probesMade).isZero();
  }

  @Test
  void whatCountsAsUnreachable() {
    assertThat(DatabaseOutage.isUnreachable(refused())).isTrue();
    assertThat(DatabaseOutage.isUnreachable(new RetriableException("x", new java.io.EOFException()))).isTrue();
    assertThat(DatabaseOutage.isUnreachable(new SQLException("lost", "08S01"))).isTrue();
    assertThat(DatabaseOutage.isUnreachable(new SQLException("shutting down", "57P01"))).isTrue();
    assertThat(DatabaseOutage.isUnreachable(new SQLException("Server shutdown in progress", "08S01", 1053))).isTrue();
    assertThat(DatabaseOutage.isUnreachable(new java.sql.SQLNonTransientConnectionException("Socket fail"))).isTrue();
    assertThat(DatabaseOutage.isUnreachable(new SQLException("password authentication failed", "28P01"))).isFalse();
    assertThat(DatabaseOutage.isUnreachable(new SQLException("Access denied", "28000", 1045))).isFalse();
    assertThat(DatabaseOutage.isUnreachable(new ConnectException("no longer available on the server"))).isFalse();
    assertThat(DatabaseOutage.isUnreachable(new DataException("bad row"))).isFalse();
  }

  /** The task under test: fake delegates, a probe of the test's own, permanent login failures. */
  private final class TestTask extends DelegatingChangeTask {

    TestTask() {
      super(clock, (stopped, millis) -> clock.advance(millis));
    }

    @Override
    public String version() {
      return "test";
    }

    boolean outageActive() {
      try {
        var field = DelegatingChangeTask.class.getDeclaredField("outage");
        field.setAccessible(true);
        return ((DatabaseOutage) field.get(this)).active();
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    protected SourceTask newDelegate(Map<String, String> props) {
      FakeDelegate next = delegates.poll();
      if (next == null) {
        throw new AssertionError("no more delegates prepared");
      }
      next.clock = clock;
      created.add(next);
      return next;
    }

    @Override
    protected SourceInfoReader sourceInfoReader(Map<String, String> props) {
      return (source, offset) -> new ChangeLineage("postgres://db1:5432/shop", null, null, null);
    }

    @Override
    protected String databaseAddress(Map<String, String> props) {
      return props.get("database.hostname") + ":" + props.get("database.port");
    }

    @Override
    protected boolean delegateRunning(SourceTask delegate) {
      return ((FakeDelegate) delegate).running;
    }

    @Override
    protected void probeDatabase(Map<String, String> props) throws Exception {
      Exception outcome = probesMade < probes.size() ? probes.get(probesMade) : null;
      probesMade++;
      if (outcome != null) {
        throw outcome;
      }
    }

    @Override
    protected RuntimeException explainPollFailure(RuntimeException failure, Map<String, String> props) {
      return explain(failure);
    }

    @Override
    protected RuntimeException explainStartFailure(RuntimeException failure, Map<String, String> props) {
      return explain(failure);
    }

    private RuntimeException explain(RuntimeException failure) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql && "28P01".equals(sql.getSQLState())) {
          return new ConnectException("permanent: " + sql.getMessage());
        }
      }
      return failure;
    }
  }

  /** A delegate whose start may fail and whose polls emit a record, nothing, or fail. */
  private static final class FakeDelegate extends SourceTask {
    private final RuntimeException startFailure;
    private final boolean emits;
    final Deque<RuntimeException> pollFailures = new ArrayDeque<>();
    ManualClock clock;
    long startedAt = -1;
    boolean stopped;

    private FakeDelegate(RuntimeException startFailure, boolean emits) {
      this.startFailure = startFailure;
      this.emits = emits;
    }

    static FakeDelegate failingStart(RuntimeException failure) {
      return new FakeDelegate(failure, false);
    }

    static FakeDelegate capturing() {
      return new FakeDelegate(null, true);
    }

    static FakeDelegate silent() {
      return new FakeDelegate(null, false);
    }

    /** Catches the failure of its own start and would retry it later (not running until then). */
    static FakeDelegate postponingStart() {
      FakeDelegate delegate = new FakeDelegate(null, true);
      delegate.running = false;
      return delegate;
    }

    boolean running = true;

    @Override
    public String version() {
      return "test";
    }

    @Override
    public void start(Map<String, String> props) {
      startedAt = clock.millis();
      if (startFailure != null) {
        throw startFailure;
      }
    }

    @Override
    public List<SourceRecord> poll() {
      RuntimeException failure = pollFailures.poll();
      if (failure != null) {
        throw failure;
      }
      if (!emits) {
        return List.of();
      }
      return List.of(new SourceRecord(Map.of("server", "db1"), Map.of("lsn", 1L), "db1.heartbeat", null, null));
    }

    @Override
    public void stop() {
      stopped = true;
    }
  }

  private static final class Context implements SourceTaskContext {
    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
      return null;
    }

    @Override
    public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
