// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.fake;

import io.streamfirst.connect.snowflake.ingest.ChannelException;
import io.streamfirst.connect.snowflake.ingest.IngestChannel;
import io.streamfirst.connect.snowflake.ingest.IngestChannel.RowError;
import io.streamfirst.connect.snowflake.ingest.IngestClient;
import io.streamfirst.connect.snowflake.ingest.IngestService;
import io.streamfirst.connect.snowflake.sql.ChangeBound;
import io.streamfirst.connect.snowflake.sql.ChangeColumns;
import io.streamfirst.connect.snowflake.sql.ChangeMerger;
import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.ColumnType;
import io.streamfirst.connect.snowflake.sql.TableCatalog;
import io.streamfirst.connect.snowflake.sql.MergeSpec;
import io.streamfirst.connect.snowflake.sql.TableRef;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * An in-process stand-in for a Snowflake account, behaving as Snowpipe Streaming does where the sink
 * depends on it: appended rows become durable only when {@link #commitPending()} runs (later than the
 * append; on a timer when {@value #COMMIT_INTERVAL_KEY} is set); reopening a channel invalidates the old
 * handle and drops its uncommitted rows; clients can be closed under the sink; rows can be rejected per
 * row (reported with their offset token, the committed token moving past them); a channel's committed
 * token can be frozen while appends still succeed. Tables are created and altered through
 * {@link TableCatalog}; a row with a column the table lacks, or without a value for a NOT NULL column,
 * is rejected like a bad value. A MERGE of a change table ({@link ChangeMerger}) is applied to the rows
 * kept here with the semantics the sink's SQL has (collapse per key to the newest version, apply where newer
 * than the target row and than the key's last delete kept in the deleted-keys table, keep that table in step
 * and remove its expired rows, remove the applied change rows, all at once); the SQL text itself runs on PostgreSQL
 * in the integration tests. Merges can be made to fail ({@link #failMerges}) as a lost connection does.
 *
 * <p>Test code only (this module's test jar): the sink uses it when {@code snowflake.service.factory.class}
 * names {@link Factory}. With {@value #DIR_KEY} set, each commit writes a snapshot of the table's rows that
 * {@link #readSnapshot} reads from another class loader or JVM.
 */
public final class FakeSnowflake {

  public static final String INSTANCE_KEY = "fake.snowflake.instance";
  public static final String DIR_KEY = "fake.snowflake.dir";
  public static final String COMMIT_INTERVAL_KEY = "fake.snowflake.commit.interval.ms";
  public static final String FACTORY = Factory.class.getName();

  private static final Map<String, FakeSnowflake> INSTANCES = new ConcurrentHashMap<>();

  private final Map<TableRef, List<Column>> columns = new HashMap<>();
  private final Map<TableRef, List<Map<String, Object>>> rows = new HashMap<>();
  private final Map<String, ChannelState> channels = new HashMap<>();
  private final List<FakeClient> clients = new ArrayList<>();
  private Predicate<Map<String, Object>> reject = row -> false;
  private Path dir;
  private ScheduledExecutorService timer;
  private long appends;
  private boolean keepRows = true;
  /** The column names of each table, for the check of every committed row; dropped when a table changes. */
  private final Map<TableRef, java.util.Set<String>> columnNames = new HashMap<>();
  private final Map<TableRef, Long> committedRows = new HashMap<>();
  private int mergeFailures;
  private int merges;
  private int clientsBuilt;

  /** The account named {@code name}, created on first use; it outlives tasks, as Snowflake does. */
  public static FakeSnowflake named(String name) {
    return INSTANCES.computeIfAbsent(name, n -> new FakeSnowflake());
  }

  /** Forgets the account named {@code name} and its rows (benchmarks make one per run). */
  public static void drop(String name) {
    FakeSnowflake account = INSTANCES.remove(name);
    if (account != null && account.timer != null) {
      account.timer.shutdownNow();
    }
  }

  /** Builds the sink's service on the account named by {@value #INSTANCE_KEY}. */
  public static final class Factory implements IngestService.Factory {
    @Override
    public IngestService create(Map<String, String> config) {
      FakeSnowflake account = named(config.getOrDefault(INSTANCE_KEY, "default"));
      synchronized (account) {
        if (config.containsKey(DIR_KEY)) {
          account.dir = Path.of(config.get(DIR_KEY));
        }
        if (config.containsKey(COMMIT_INTERVAL_KEY) && account.timer == null) {
          long interval = Long.parseLong(config.get(COMMIT_INTERVAL_KEY));
          account.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fake-snowflake-commits");
            thread.setDaemon(true);
            return thread;
          });
          account.timer.scheduleWithFixedDelay(account::commitPending, interval, interval, TimeUnit.MILLISECONDS);
        }
      }
      return account.service();
    }
  }

  private static final class ChannelState {
    final TableRef table;
    String committedToken;
    int generation;
    boolean frozen;
    final List<Object[]> pending = new ArrayList<>();
    final List<RowError> errors = new ArrayList<>();

    ChannelState(TableRef table) {
      this.table = table;
    }
  }

  /** A service handle as the sink gets it. */
  public IngestService service() {
    return new IngestService() {
      @Override
      public IngestClient client(String table) {
        synchronized (FakeSnowflake.this) {
          clientsBuilt++;
          FakeClient client = new FakeClient(table);
          clients.add(client);
          return client;
        }
      }

      @Override
      public TableCatalog catalog() {
        return new FakeCatalog();
      }

      @Override
      public ChangeMerger merger() {
        return new FakeMerger();
      }

      @Override
      public void close() {}
    };
  }

  // ---- what tests drive and observe ----

  /** Makes every channel's appended rows durable (frozen channels excepted), rejecting rows as configured. */
  public synchronized void commitPending() {
    for (ChannelState state : channels.values()) {
      if (state.frozen || state.pending.isEmpty()) {
        continue;
      }
      List<Map<String, Object>> table = rows.computeIfAbsent(state.table, t -> new ArrayList<>());
      long committed = 0;
      for (Object[] appended : state.pending) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) appended[0];
        String problem = problem(state.table, row);
        if (problem != null) {
          state.errors.add(new RowError((String) appended[1], problem));
        } else {
          if (keepRows) {
            table.add(row);
          }
          committed++;
        }
        state.committedToken = (String) appended[1];
      }
      committedRows.merge(state.table, committed, Long::sum);
      state.pending.clear();
      snapshot(state.table);
    }
  }

  /** Rows matching {@code rule} are rejected at commit. */
  public synchronized void reject(Predicate<Map<String, Object>> rule) {
    this.reject = rule;
  }

  /** The channel accepts appends but its committed token stops moving (until it is reopened). */
  public synchronized void freeze(String channel) {
    stateNamed(channel).frozen = true;
  }

  /** Invalidates the channel's open handle (as Snowflake does after a server-side error); its rows are dropped. */
  public synchronized void invalidate(String channel) {
    ChannelState state = stateNamed(channel);
    state.generation++;
    state.pending.clear();
  }

  /** Closes every client handed out; the sink must build new ones. */
  public synchronized void closeClients() {
    clients.forEach(c -> c.closed = true);
  }

  public synchronized List<Map<String, Object>> rows(TableRef table) {
    return List.copyOf(rows.getOrDefault(table, List.of()));
  }

  public synchronized List<Column> columns(TableRef table) {
    return columns.get(table);
  }

  public synchronized String committedToken(String channel) {
    return stateNamed(channel).committedToken;
  }

  public synchronized List<String> channelNames() {
    return channels.keySet().stream().sorted().toList();
  }

  /** The next {@code count} MERGEs fail as a dropped connection does: nothing applied, nothing removed. */
  public synchronized void failMerges(int count) {
    mergeFailures = count;
  }

  /** MERGEs that ran to completion. */
  public synchronized int merges() {
    return merges;
  }

  /**
   * For benchmarks: committed rows are checked and counted ({@link #committedRows}) but not kept, so the
   * tables stay empty, as rows leave the worker's heap with Snowflake's service.
   */
  public synchronized void discardCommittedRows() {
    keepRows = false;
  }

  /** Rows committed to {@code table} so far, kept or not. */
  public synchronized long committedRows(TableRef table) {
    return committedRows.getOrDefault(table, 0L);
  }

  public synchronized long appends() {
    return appends;
  }

  public synchronized int clientsBuilt() {
    return clientsBuilt;
  }

  /** The rows of {@code table} as of its last commit, from the snapshot in {@code dir}; empty when none. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> readSnapshot(Path dir, String table) throws IOException {
    Path file = dir.resolve(fileName(table));
    if (!Files.exists(file)) {
      return List.of();
    }
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
      return (List<Map<String, Object>>) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException(e);
    }
  }

  private ChannelState stateNamed(String channel) {
    ChannelState state = channels.get(channel);
    if (state == null) {
      throw new IllegalArgumentException("no channel " + channel + "; channels: " + channels.keySet());
    }
    return state;
  }

  private String problem(TableRef table, Map<String, Object> row) {
    List<Column> cols = columns.get(table);
    if (cols == null) {
      return "table " + table + " does not exist";
    }
    java.util.Set<String> names = columnNames.get(table);
    if (names == null) {
      names = new java.util.HashSet<>();
      for (Column column : cols) {
        names.add(column.name());
      }
      columnNames.put(table, names);
    }
    for (String name : row.keySet()) {
      if (!names.contains(name)) {
        return "column " + name + " does not exist";
      }
    }
    for (Column column : cols) {
      if (!column.nullable() && row.get(column.name()) == null) {
        return "NULL in NOT NULL column " + column.name();
      }
    }
    return reject.test(row) ? "value not accepted by the column" : null;
  }

  private void snapshot(TableRef table) {
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "snapshot", ".tmp");
      try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(tmp))) {
        ArrayList<HashMap<String, Object>> copy = new ArrayList<>();
        rows.getOrDefault(table, List.of()).forEach(r -> copy.add(new HashMap<>(r)));
        out.writeObject(copy);
      }
      Files.move(tmp, dir.resolve(fileName(table.table())), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fileName(String table) {
    return URLEncoder.encode(table, StandardCharsets.UTF_8) + ".rows";
  }

  private final class FakeClient implements IngestClient {
    final String table;
    volatile boolean closed;

    FakeClient(String table) {
      this.table = table;
    }

    @Override
    public IngestChannel openChannel(String name) {
      synchronized (FakeSnowflake.this) {
        if (closed) {
          throw new ChannelException("client closed", true);
        }
        TableRef ref = columns.keySet().stream().filter(t -> t.table().equals(table)).findFirst()
            .orElseThrow(() -> new ChannelException("table " + table + " does not exist", false));
        ChannelState state = channels.computeIfAbsent(name, n -> new ChannelState(ref));
        state.generation++;
        state.pending.clear();
        state.errors.clear();
        state.frozen = false;
        return new FakeChannel(name, state, state.generation, this);
      }
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final class FakeChannel implements IngestChannel {
    final String name;
    final ChannelState state;
    final int generation;
    final FakeClient client;

    FakeChannel(String name, ChannelState state, int generation, FakeClient client) {
      this.name = name;
      this.state = state;
      this.generation = generation;
      this.client = client;
    }

    private void check() {
      if (client.closed) {
        throw new ChannelException("client closed", true);
      }
      if (state.generation != generation) {
        throw new ChannelException("channel " + name + " is invalid (reopened or invalidated)", false);
      }
    }

    @Override
    public void appendRow(Map<String, Object> row, String offsetToken) {
      synchronized (FakeSnowflake.this) {
        check();
        appends++;
        state.pending.add(new Object[]{new LinkedHashMap<>(row), offsetToken});
      }
    }

    @Override
    public String latestCommittedToken() {
      synchronized (FakeSnowflake.this) {
        check();
        return state.committedToken;
      }
    }

    @Override
    public List<RowError> drainRowErrors() {
      synchronized (FakeSnowflake.this) {
        check();
        List<RowError> errors = List.copyOf(state.errors);
        state.errors.clear();
        return errors;
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void close() {}
  }

  private static boolean within(Map<String, Object> row, List<ChangeBound> bounds) {
    for (ChangeBound bound : bounds) {
      if (bound.topic().equals(row.get(ChangeColumns.TOPIC))
          && ((Number) row.get(ChangeColumns.PARTITION)).intValue() == bound.partition()
          && ((Number) row.get(ChangeColumns.OFFSET)).longValue() <= bound.offset()) {
        return true;
      }
    }
    return false;
  }

  private static BigDecimal number(Object value) {
    return value == null ? null : new BigDecimal(value.toString());
  }

  /** Key values compared as the engine would: numbers by value. */
  private static int indexOf(List<Map<String, Object>> table, List<String> keys, List<Object> key) {
    for (int i = 0; i < table.size(); i++) {
      if (keyOf(table.get(i), keys).equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static List<Object> keyOf(Map<String, Object> row, List<String> keys) {
    List<Object> key = new ArrayList<>();
    for (String name : keys) {
      Object value = row.get(name);
      key.add(value instanceof Number ? number(value).stripTrailingZeros() : value);
    }
    return key;
  }

  /** True when change {@code a} is newer than {@code b} (version, then offset); a null version is oldest. */
  private static boolean newer(Map<String, Object> a, Map<String, Object> b) {
    BigDecimal va = number(a.get(ChangeColumns.VERSION));
    BigDecimal vb = number(b.get(ChangeColumns.VERSION));
    if (vb == null) {
      return true;
    }
    int byVersion = va.compareTo(vb);
    if (byVersion != 0) {
      return byVersion > 0;
    }
    Object ob = b.get(ChangeColumns.OFFSET);
    return ob != null && ((Number) a.get(ChangeColumns.OFFSET)).longValue() > ((Number) ob).longValue();
  }

  private final class FakeMerger implements ChangeMerger {
    @Override
    public long merge(MergeSpec spec, List<ChangeBound> bounds) {
      synchronized (FakeSnowflake.this) {
        if (mergeFailures > 0) {
          mergeFailures--;
          throw new RetriableException("connection to the fake account dropped during the MERGE into " + spec.target());
        }
        List<Map<String, Object>> changes = rows.getOrDefault(spec.changes(), new ArrayList<>());
        Map<List<Object>, Map<String, Object>> newest = new LinkedHashMap<>();
        for (Map<String, Object> change : changes) {
          if (within(change, bounds)) {
            newest.merge(keyOf(change, spec.keys()), change, (old, now) -> newer(now, old) ? now : old);
          }
        }
        if (!columns.containsKey(spec.deleted())) {
          throw new org.apache.kafka.connect.errors.ConnectException("table " + spec.deleted() + " does not exist");
        }
        List<Map<String, Object>> target = rows.computeIfAbsent(spec.target(), t -> new ArrayList<>());
        List<Map<String, Object>> deleted = rows.computeIfAbsent(spec.deleted(), t -> new ArrayList<>());
        long applied = 0;
        for (Map.Entry<List<Object>, Map<String, Object>> entry : newest.entrySet()) {
          Map<String, Object> change = entry.getValue();
          boolean delete = ChangeColumns.DELETE.equals(change.get(ChangeColumns.OP));
          int at = indexOf(target, spec.keys(), entry.getKey());
          int gone = indexOf(deleted, spec.keys(), entry.getKey());
          if (at >= 0 && !newer(change, target.get(at)) || gone >= 0 && !newer(change, deleted.get(gone))) {
            continue; // not newer than the row, or than the key's last delete
          }
          if (delete) {
            if (at >= 0) {
              target.remove(at);
              applied++;
            }
            Map<String, Object> tombstone = new LinkedHashMap<>();
            for (String key : spec.keys()) {
              tombstone.put(key, change.get(key));
            }
            tombstone.put(ChangeColumns.VERSION, change.get(ChangeColumns.VERSION));
            tombstone.put(ChangeColumns.OFFSET, change.get(ChangeColumns.OFFSET));
            tombstone.put(ChangeColumns.DELETED_AT_MS, spec.nowMs());
            if (gone >= 0) {
              deleted.set(gone, tombstone);
            } else {
              deleted.add(tombstone);
            }
            continue;
          }
          Map<String, Object> row = new LinkedHashMap<>();
          for (String column : spec.columns()) {
            if (change.get(column) != null) {
              row.put(column, change.get(column));
            }
          }
          row.put(ChangeColumns.VERSION, change.get(ChangeColumns.VERSION));
          row.put(ChangeColumns.OFFSET, change.get(ChangeColumns.OFFSET));
          if (at >= 0) {
            target.set(at, row);
          } else {
            target.add(row);
          }
          if (gone >= 0) {
            deleted.remove(gone);
          }
          applied++;
        }
        if (spec.deletedBeforeMs() != MergeSpec.KEEP_DELETED) {
          deleted.removeIf(row -> (Long) row.get(ChangeColumns.DELETED_AT_MS) < spec.deletedBeforeMs());
        }
        changes.removeIf(change -> within(change, bounds));
        merges++;
        snapshot(spec.target());
        snapshot(spec.changes());
        return applied;
      }
    }

    @Override
    public List<String> keyColumns(TableRef changes, List<ChangeBound> bounds) {
      synchronized (FakeSnowflake.this) {
        for (Map<String, Object> change : rows.getOrDefault(changes, List.of())) {
          if (within(change, bounds) && change.get(ChangeColumns.KEY_COLUMNS) != null) {
            return ChangeColumns.decodeKeys((String) change.get(ChangeColumns.KEY_COLUMNS));
          }
        }
        return null;
      }
    }

    @Override
    public void close() {}
  }

  private final class FakeCatalog implements TableCatalog {
    @Override
    public List<Column> describe(TableRef table) {
      synchronized (FakeSnowflake.this) {
        List<Column> cols = columns.get(table);
        return cols == null ? null : List.copyOf(cols);
      }
    }

    @Override
    public void create(TableRef table, List<Column> cols) {
      synchronized (FakeSnowflake.this) {
        columns.putIfAbsent(table, new ArrayList<>(cols));
        columnNames.remove(table);
      }
    }

    @Override
    public void addColumn(TableRef table, Column column) {
      synchronized (FakeSnowflake.this) {
        List<Column> cols = columns.get(table);
        if (cols.stream().noneMatch(c -> c.name().equals(column.name()))) {
          cols.add(new Column(column.name(), column.type(), true));
          columnNames.remove(table);
        }
      }
    }

    @Override
    public void widenColumn(TableRef table, String column, ColumnType from, ColumnType to) {
      replace(table, column, c -> new Column(c.name(), to, c.nullable()));
    }

    @Override
    public void dropNotNull(TableRef table, String column) {
      replace(table, column, c -> new Column(c.name(), c.type(), true));
    }

    private void replace(TableRef table, String column, java.util.function.UnaryOperator<Column> change) {
      synchronized (FakeSnowflake.this) {
        List<Column> cols = columns.get(table);
        cols.replaceAll(c -> c.name().equals(column) ? change.apply(c) : c);
        columnNames.remove(table);
      }
    }

    @Override
    public void close() {}
  }
}
