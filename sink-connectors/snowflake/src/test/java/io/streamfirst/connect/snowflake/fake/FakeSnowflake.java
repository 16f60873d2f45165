// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.fake;

import io.streamfirst.connect.snowflake.ingest.ChannelException;
import io.streamfirst.connect.snowflake.ingest.IngestChannel;
import io.streamfirst.connect.snowflake.ingest.IngestChannel.RowError;
import io.streamfirst.connect.snowflake.ingest.IngestClient;
import io.streamfirst.connect.snowflake.ingest.IngestService;
import io.streamfirst.connect.snowflake.sql.Column;
import io.streamfirst.connect.snowflake.sql.ColumnType;
import io.streamfirst.connect.snowflake.sql.TableCatalog;
import io.streamfirst.connect.snowflake.sql.TableRef;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
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

/**
 * An in-process stand-in for a Snowflake account, behaving as Snowpipe Streaming does where the sink
 * depends on it: appended rows become durable only when {@link #commitPending()} runs (later than the
 * append; on a timer when {@value #COMMIT_INTERVAL_KEY} is set); reopening a channel invalidates the old
 * handle and drops its uncommitted rows; clients can be closed under the sink; rows can be rejected per
 * row (reported with their offset token, the committed token moving past them); a channel's committed
 * token can be frozen while appends still succeed. Tables are created and altered through
 * {@link TableCatalog}; a row with a column the table lacks, or without a value for a NOT NULL column,
 * is rejected like a bad value.
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
  private int clientsBuilt;

  /** The account named {@code name}, created on first use; it outlives tasks, as Snowflake does. */
  public static FakeSnowflake named(String name) {
    return INSTANCES.computeIfAbsent(name, n -> new FakeSnowflake());
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
      for (Object[] appended : state.pending) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) appended[0];
        String problem = problem(state.table, row);
        if (problem != null) {
          state.errors.add(new RowError((String) appended[1], problem));
        } else {
          table.add(row);
        }
        state.committedToken = (String) appended[1];
      }
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
    for (String name : row.keySet()) {
      if (cols.stream().noneMatch(c -> c.name().equals(name))) {
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
      }
    }

    @Override
    public void addColumn(TableRef table, Column column) {
      synchronized (FakeSnowflake.this) {
        List<Column> cols = columns.get(table);
        if (cols.stream().noneMatch(c -> c.name().equals(column.name()))) {
          cols.add(new Column(column.name(), column.type(), true));
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
      }
    }

    @Override
    public void close() {}
  }
}
