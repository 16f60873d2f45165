// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import io.streamfirst.connect.common.ChangeEvents;
import io.streamfirst.connect.common.LineageHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed-through source time and freshness SLA state of each table a sink task writes (see
 * sink-common's DESIGN.md for the definition). The sink tells it what it received
 * ({@link #received}), what a commit made visible ({@link #visible}, {@link #sampled}), which
 * partitions it lost ({@link #closed}) and hands it heartbeat records ({@link #heartbeat}); the
 * numbers are published in JMX ({@link SinkTableFreshnessMBean}) and as plugin metrics tagged with the
 * table. A breach of a table's SLA logs one WARN line, its recovery one INFO line.
 *
 * <p>Threads: the task's thread reports ({@link #received}, {@link #visible}, {@link #sampled},
 * {@link #closed}, {@link #heartbeat}, {@link #publish}) and asks ({@link #committedThroughMs},
 * {@link #slaState}); JMX, the plugin metrics, the SLA checker and the OpenLineage facet read from other
 * threads. The per-partition state is the task thread's alone, so the per-record call {@link #received}
 * takes no lock; each table's committed-through value is computed on the task thread and published (a
 * volatile) after every commit ({@link #visible}), heartbeat, revocation and at the end of every
 * {@code put()} ({@link #publish}), which is what the readers see.
 */
public final class TableFreshness implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TableFreshness.class);

  /** Task configuration key carrying the task's number, set by the sink connectors' {@code taskConfigs}. */
  public static final String TASK_NUMBER = "streamfirst.sink.task.number";
  /** How often SLAs are checked while nothing else happens. */
  public static final long CHECK_INTERVAL_MS = 1_000;
  /** The longest a breached table must stay within its SLA before it counts as recovered. */
  public static final long MAX_RECOVERY_HOLD_MS = 60_000;
  static final int TABLE_WINDOW_CAPACITY = 1024;

  /** A table's SLA state, as JMX and the metrics show it. */
  public enum SlaState {
    OK, BREACHED, NONE
  }

  private final String connector;
  private final int task;
  private final FreshnessConfig config;
  private final Clock clock;
  private final FreshnessMetrics taskMetrics;
  private final PluginMetrics pluginMetrics;
  private final FreshnessJmx jmx;
  private final boolean tracking;
  /** Written by the task thread under this object's lock; read by the task thread freely, by others under it. */
  private final Map<String, Table> tables = new LinkedHashMap<>();
  /** The newest source time this task has seen, from heartbeats and received records; -1 none yet. Task thread. */
  private long watermarkMs = -1;
  /** Whether received records may have moved a value since it was last published. Task thread. */
  private boolean unpublished;
  private ScheduledExecutorService checker;
  // the partition the last record went to, so that a run of records of one partition skips the lookups
  private String lastTableName;
  private Table lastTable;
  private PartitionFreshness lastPart;
  private TopicPartition lastTp;
  /** The ring of pending groups of the largest partition state a revocation dropped, for the next one. Task thread. */
  private long[] spareRing;

  /** One table: its partitions, its per-record freshness window and its SLA state. */
  final class Table implements SinkTableFreshnessMBean {
    final String name;
    final long slaMs;
    final long firstSeenMs;
    /** The task thread's alone. */
    final Map<TopicPartition, PartitionFreshness> parts = new HashMap<>();
    final FreshnessWindow window = new FreshnessWindow(FreshnessMetrics.WINDOW_MS, TABLE_WINDOW_CAPACITY);
    /** The task thread's last computed value (kept when the table is left without partitions). */
    long lastThroughMs = -1;
    /** What readers on other threads see: {@link #lastThroughMs} as of the last {@link #publish}. */
    volatile long publishedThroughMs = -1;
    SlaState state;
    long withinSinceMs = -1;

    Table(String name, long slaMs, long nowMs) {
      this.name = name;
      this.slaMs = slaMs;
      this.firstSeenMs = nowMs;
      this.state = slaMs == FreshnessConfig.NO_SLA ? SlaState.NONE : SlaState.OK;
    }

    @Override
    public long getCommittedThroughMs() {
      return publishedThroughMs;
    }

    @Override
    public long getFreshnessP50Ms() {
      return millis(window.quantile(0.5, clock.millis()));
    }

    @Override
    public long getFreshnessP99Ms() {
      return millis(window.quantile(0.99, clock.millis()));
    }

    @Override
    public long getSlaMs() {
      return slaMs;
    }

    @Override
    public String getSlaState() {
      synchronized (TableFreshness.this) {
        check(this, clock.millis());
        return state.name();
      }
    }
  }

  private TableFreshness(String connector, int task, FreshnessConfig config, Clock clock, FreshnessMetrics taskMetrics,
      PluginMetrics pluginMetrics, boolean jmx) {
    this.connector = connector;
    this.task = task;
    this.config = config;
    this.clock = clock;
    this.taskMetrics = taskMetrics;
    this.pluginMetrics = pluginMetrics;
    this.tracking = config.enabled();
    this.jmx = jmx && tracking ? new FreshnessJmx(connector, task) : null;
  }

  /**
   * Starts tracking for a sink task configured with {@code props} (its connector's name, the SLA
   * settings, {@value #TASK_NUMBER}); checks SLAs every {@value #CHECK_INTERVAL_MS} ms on a daemon
   * thread when any table can have one.
   *
   * @param taskMetrics the task's freshness metrics, which get every sample too (may be null)
   * @param pluginMetrics the task's plugin metrics, for the per-table metrics (null: none)
   */
  public static TableFreshness start(Map<String, String> props, FreshnessMetrics taskMetrics,
      PluginMetrics pluginMetrics, Clock clock) {
    String connector = props.getOrDefault("name", "connector");
    int task = Integer.parseInt(props.getOrDefault(TASK_NUMBER, "0"));
    TableFreshness freshness = new TableFreshness(connector, task, new FreshnessConfig(props), clock, taskMetrics,
        pluginMetrics, true);
    if (freshness.config.anySla()) {
      freshness.checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "streamfirst-freshness-" + connector + "-" + task);
        thread.setDaemon(true);
        return thread;
      });
      freshness.checker.scheduleWithFixedDelay(freshness::checkAll, CHECK_INTERVAL_MS, CHECK_INTERVAL_MS,
          TimeUnit.MILLISECONDS);
    }
    return freshness;
  }

  /**
   * Starts tracking as {@link #start(Map, FreshnessMetrics, PluginMetrics, Clock)} does, for task
   * number {@code task} (sinks that number their tasks under their own key).
   */
  public static TableFreshness start(Map<String, String> props, int task, FreshnessMetrics taskMetrics,
      PluginMetrics pluginMetrics, Clock clock) {
    java.util.HashMap<String, String> numbered = new java.util.HashMap<>(props);
    numbered.put(TASK_NUMBER, Integer.toString(task));
    return start(numbered, taskMetrics, pluginMetrics, clock);
  }

  /** {@code maxTasks} copies of a sink connector's task settings, each with its {@value #TASK_NUMBER}. */
  public static java.util.List<Map<String, String>> numberedTaskConfigs(Map<String, String> props, int maxTasks) {
    java.util.List<Map<String, String>> configs = new java.util.ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      java.util.HashMap<String, String> task = new java.util.HashMap<>(props);
      task.put(TASK_NUMBER, Integer.toString(i));
      configs.add(task);
    }
    return configs;
  }

  /** Tracking that is published nowhere and checks no SLA: for parts of a task used without one (tests). */
  public static TableFreshness unpublished(Clock clock) {
    return new TableFreshness("connector", 0, new FreshnessConfig(Map.of()), clock, null, null, false);
  }

  /** For tests: no JMX, no checker thread, no plugin metrics; call {@link #checkAll} to check SLAs. */
  static TableFreshness forTest(String connector, int task, Map<String, String> props, Clock clock) {
    return new TableFreshness(connector, task, new FreshnessConfig(props), clock, null, null, false);
  }

  /**
   * When {@code record} is a CDC heartbeat (a Debezium heartbeat record), notes its source time as
   * the newest the source has reached and returns true: the sink skips it, it is not a row.
   */
  public boolean heartbeat(SinkRecord record) {
    if (!isHeartbeat(record)) {
      return false;
    }
    long ts = tracking ? heartbeatTime(record) : -1;
    if (ts > watermarkMs) {
      watermarkMs = ts;
      unpublished = true;
      publish();
    }
    return true;
  }

  /** Whether {@code record} is a CDC heartbeat: Debezium's heartbeat value, or a record of its heartbeat topics. */
  public static boolean isHeartbeat(SinkRecord record) {
    Object value = record.value();
    if (value instanceof Struct struct) {
      return ChangeEvents.isHeartbeat(struct);
    }
    String topic = record.originalTopic();
    return topic != null && topic.startsWith(ChangeEvents.HEARTBEAT_TOPIC_PREFIX);
  }

  private static long heartbeatTime(SinkRecord record) {
    String header = LineageHeaders.stringValue(record.headers().lastWithName(LineageHeaders.SOURCE_TS));
    if (header != null) {
      try {
        return Long.parseLong(header.trim());
      } catch (NumberFormatException e) {
        // fall through to the value
      }
    }
    Object value = record.value();
    if (value instanceof Struct struct && struct.schema().field(ChangeEvents.TS_MS) != null
        && struct.get(ChangeEvents.TS_MS) instanceof Long ts) {
      return ts;
    }
    if (value instanceof Map<?, ?> map && map.get(ChangeEvents.TS_MS) instanceof Number ts) {
      return ts.longValue();
    }
    return record.timestamp() == null ? -1 : record.timestamp();
  }

  /**
   * A change of {@code tp} at {@code offset} with source time {@code sourceTimeMs} (-1 unknown) is
   * on its way into {@code table} (buffered, not visible yet). The per-record call: no lock, and a run
   * of records of one table and partition finds its state without a lookup. Readers on other threads
   * see its effect from the next {@link #publish} (a commit or the end of the {@code put()}).
   */
  public void received(String table, TopicPartition tp, long offset, long sourceTimeMs) {
    if (!tracking) {
      return;
    }
    PartitionFreshness part = lastPart;
    if (part == null || table != lastTableName || tp != lastTp) {
      part = part(table, tp);
    }
    if (sourceTimeMs >= 0) {
      if (!part.pending()) {
        // everything of this partition before this change is visible, and the partition is in commit order
        part.throughMs = Math.max(part.throughMs, sourceTimeMs - 1);
      }
      part.mark(offset, sourceTimeMs);
      if (sourceTimeMs > watermarkMs) {
        watermarkMs = sourceTimeMs;
      }
    }
    if (offset > part.receivedOffset) {
      part.receivedOffset = offset;
    }
    unpublished = true;
  }

  /**
   * A commit made the changes of {@code tp} up to {@code offset} visible in {@code table} (an Iceberg
   * snapshot committed, a ClickHouse insert acknowledged, a Snowflake offset token committed), and
   * publishes the tables' values. A partition that sent the table nothing is ignored.
   */
  public void visible(String table, TopicPartition tp, long offset) {
    if (!tracking) {
      return;
    }
    Table t = tables.get(table);
    PartitionFreshness part = t == null ? null : t.parts.get(tp);
    if (part != null) {
      part.visibleUpTo(offset);
      unpublished = true;
    }
    publish();
  }

  /**
   * Publishes what the task received and committed since the last call to the readers on other threads
   * (JMX, metrics, the SLA checker, the OpenLineage facet). Sinks call it at the end of every
   * {@code put()}; commits, heartbeats and revocations publish by themselves. Cheap when nothing changed.
   */
  public void publish() {
    if (!unpublished) {
      return;
    }
    unpublished = false;
    for (Table table : tables.values()) {
      table.publishedThroughMs = committedThrough(table);
    }
  }

  /**
   * The rows with these source times (-1 unknown) became visible in {@code table} at {@code visibleAtMs}.
   * One call per commit: each window takes the batch under one lock, and only the newest rows a window can
   * hold (a window keeps its newest samples, so older rows of a large batch would be overwritten at once).
   */
  public void sampled(String table, long[] sourceTimes, int count, long visibleAtMs) {
    if (taskMetrics != null) {
      taskMetrics.visible(sourceTimes, count, visibleAtMs);
    }
    if (!tracking) {
      return;
    }
    table(table).window.record(sourceTimes, count, visibleAtMs);
    checkAll();
  }

  /** The task lost these partitions (revoked or closed): they no longer hold any table back. */
  public void closed(Collection<TopicPartition> partitions) {
    for (Table table : tables.values()) {
      committedThrough(table); // keeps the last value for a table left without partitions
      for (TopicPartition tp : partitions) {
        spareRing = PartitionFreshness.largerRing(spareRing, table.parts.remove(tp));
      }
    }
    lastPart = null;
    lastTp = null;
    lastTableName = null;
    unpublished = true;
    publish();
  }

  /**
   * The table's committed-through source time in epoch ms, -1 while unknown or for a table not seen.
   * From the task's thread: publishes first, so it includes every record received so far.
   */
  public long committedThroughMs(String table) {
    publish();
    Table t = tables.get(table);
    return t == null ? -1 : t.publishedThroughMs;
  }

  /** The table's SLA state now (NONE for a table not seen). From the task's thread, as {@link #committedThroughMs}. */
  public SlaState slaState(String table) {
    publish();
    Table t = tables.get(table);
    if (t == null) {
      return SlaState.NONE;
    }
    synchronized (this) {
      check(t, clock.millis());
      return t.state;
    }
  }

  /** Every table's freshness now, for the OpenLineage run facet: name, committed-through, SLA, state. */
  public synchronized List<Map<String, Object>> snapshot() {
    long now = clock.millis();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Table table : tables.values()) {
      check(table, now);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("table", table.name);
      long through = table.publishedThroughMs;
      entry.put("committedThroughMs", through);
      entry.put("committedThrough", through < 0 ? null : Instant.ofEpochMilli(through).toString());
      entry.put("slaMs", table.slaMs);
      entry.put("slaState", table.state.name());
      out.add(entry);
    }
    return out;
  }

  /** Checks every table's SLA now, logging breaches and recoveries. */
  public synchronized void checkAll() {
    long now = clock.millis();
    for (Table table : tables.values()) {
      check(table, now);
    }
  }

  /** The state of {@code table}'s partition {@code tp}, from the task thread (not the last one's). */
  private PartitionFreshness part(String table, TopicPartition tp) {
    PartitionFreshness part;
    if (lastPart != null && lastTable.name.equals(table) && tp.equals(lastTp)) {
      part = lastPart; // equal, not the same instances
    } else {
      Table t = table(table);
      part = t.parts.get(tp);
      if (part == null) {
        // a partition assigned again after a rebalance: the ring of one revoked keeps its capacity
        part = new PartitionFreshness(spareRing);
        spareRing = null;
        t.parts.put(tp, part);
      }
      lastTable = t;
      lastPart = part;
    }
    lastTableName = table;
    lastTp = tp;
    return part;
  }

  /** The table named {@code name}, created (and published in JMX and the metrics) when new. Task thread. */
  private Table table(String name) {
    Table table = tables.get(name);
    if (table == null) {
      synchronized (this) {
        table = new Table(name, config.slaMs(name), clock.millis());
        tables.put(name, table);
      }
      if (jmx != null) {
        jmx.register(name, table);
      }
      TableFreshnessGauges.register(pluginMetrics, table, name);
    }
    return table;
  }

  /**
   * Min over the table's partitions; a partition with nothing pending counts as up to the watermark.
   * Task thread.
   */
  private long committedThrough(Table table) {
    if (table.parts.isEmpty()) {
      return table.lastThroughMs;
    }
    long min = Long.MAX_VALUE;
    for (PartitionFreshness part : table.parts.values()) {
      long value = part.pending() ? part.throughMs : Math.max(part.throughMs, watermarkMs);
      min = Math.min(min, value);
    }
    table.lastThroughMs = min < 0 ? -1 : min;
    return table.lastThroughMs;
  }

  /** Updates the table's SLA state from its published value; under this object's lock. */
  private void check(Table table, long now) {
    if (table.slaMs == FreshnessConfig.NO_SLA) {
      return;
    }
    long through = table.publishedThroughMs;
    long behind = now - (through < 0 ? table.firstSeenMs : through);
    if (behind > table.slaMs) {
      table.withinSinceMs = -1;
      if (table.state != SlaState.BREACHED) {
        table.state = SlaState.BREACHED;
        LOG.warn("Freshness SLA breached: table {} written by connector {} task {} is committed through {}, {} ms"
            + " behind (SLA {} ms). Check the connector's status, its consumer lag and this log for errors of the"
            + " task or its target.", table.name, connector, task, describe(through), behind, table.slaMs);
      }
      return;
    }
    if (table.state == SlaState.BREACHED) {
      if (table.withinSinceMs < 0) {
        table.withinSinceMs = now;
      }
      if (now - table.withinSinceMs >= Math.min(table.slaMs, MAX_RECOVERY_HOLD_MS)) {
        table.state = SlaState.OK;
        table.withinSinceMs = -1;
        LOG.info("Freshness SLA met again: table {} written by connector {} task {} is committed through {}, {} ms"
            + " behind (SLA {} ms)", table.name, connector, task, describe(through), behind, table.slaMs);
      }
    }
  }

  private static String describe(long through) {
    return through < 0 ? "nothing yet" : Instant.ofEpochMilli(through).toString();
  }

  private static long millis(double value) {
    return Double.isNaN(value) ? -1 : Math.round(value);
  }

  /** Stops the SLA checker and removes the tables from JMX (the worker removes the plugin metrics). */
  @Override
  public void close() {
    if (checker != null) {
      checker.shutdownNow();
    }
    if (jmx != null) {
      jmx.unregisterAll();
    }
  }
}
