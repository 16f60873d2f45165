// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import io.streamfirst.connect.sink.FreshnessMetrics;
import io.streamfirst.connect.sink.TableFreshness;
import io.streamfirst.connect.snowflake.ingest.ChannelException;
import io.streamfirst.connect.snowflake.ingest.IngestChannel;
import io.streamfirst.connect.snowflake.ingest.IngestClient;
import io.streamfirst.connect.snowflake.ingest.IngestService;
import io.streamfirst.connect.snowflake.sql.ChangeColumns;
import io.streamfirst.connect.snowflake.sql.TableRef;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once protocol over Snowpipe Streaming channels: one channel per topic-partition, each row
 * tagged with its Kafka offset; a channel (re)opened resumes after its committed token, rewinding the
 * consumer there; Kafka offsets are committed only up to what Snowflake committed. See DESIGN.md.
 */
public final class ChannelWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelWriter.class);
  private static final String FIRST_ROW = "first row for the table";

  private final IngestService service;
  private final SinkTaskContext context;
  private final Clock clock;
  private final long stallTimeoutMs;
  private final String channelPrefix;
  private final FreshnessMetrics metrics;
  private TableFreshness freshness;
  private final BiConsumer<SinkRecord, String> rejected;
  private final Map<String, IngestClient> clients = new HashMap<>();
  private final Map<TopicPartition, PartitionChannel> partitions = new HashMap<>();
  private CommitListener listener;

  /** Told of each row Snowflake committed (not rejected) instead of counting it visible at once. */
  public interface CommitListener {
    void committed(TopicPartition partition, long offset, long sourceTimestampMs);
  }

  /**
   * @param rejected receives each row Snowflake rejected, with the reason (to the dead-letter queue)
   */
  public ChannelWriter(IngestService service, SinkTaskContext context, Clock clock, long stallTimeoutMs,
      String connectorName, FreshnessMetrics metrics, BiConsumer<SinkRecord, String> rejected) {
    this.service = service;
    this.context = context;
    this.clock = clock;
    this.stallTimeoutMs = stallTimeoutMs;
    this.channelPrefix = connectorName;
    this.metrics = metrics;
    this.freshness = TableFreshness.unpublished(clock);
    this.rejected = rejected;
  }

  /**
   * Rows committed by Snowflake are handed to {@code listener} rather than recorded as visible: in CDC mode
   * a change is visible once a MERGE applied it.
   */
  public void onCommitted(CommitListener listener) {
    this.listener = listener;
  }

  /**
   * Takes {@code partition}, writing to {@code table}. When the table exists its channel is opened now and
   * the consumer rewound to just after the committed token.
   */
  /** Reports each table's committed rows to {@code freshness} (committed-through time) from now on. */
  public void freshness(TableFreshness freshness) {
    this.freshness = freshness;
  }

  /** Where committed-through times are reported (the MERGE of CDC mode reports there too). */
  TableFreshness freshness() {
    return freshness;
  }

  /** The table a channel's rows are for: in CDC mode the target its change table feeds. */
  private TableRef targetOf(TableRef written) {
    String name = written.table();
    return listener != null && name.endsWith(ChangeColumns.CHANGES_SUFFIX)
        ? new TableRef(written.database(), written.schema(),
            name.substring(0, name.length() - ChangeColumns.CHANGES_SUFFIX.length()))
        : written;
  }

  public void assign(TopicPartition partition, TableRef table, boolean tableExists) {
    PartitionChannel pc = new PartitionChannel(partition, table, targetOf(table).table(),
        channelPrefix + "_" + partition.topic() + "_" + partition.partition());
    partitions.put(partition, pc);
    if (tableExists) {
      reopen(pc, "partition assigned");
    }
  }

  public PartitionChannel state(TopicPartition partition) {
    return partitions.get(partition);
  }

  /**
   * True when the record at {@code offset} is already durable or in flight and must be skipped (a replay
   * after a rebalance, a restart or a rewind).
   */
  public boolean seen(TopicPartition partition, long offset) {
    return seen(partitions.get(partition), offset);
  }

  /** {@link #seen(TopicPartition, long)} for the partition of {@code pc}. */
  public boolean seen(PartitionChannel pc, long offset) {
    if (pc.firstSeen < 0) {
      pc.firstSeen = offset;
    }
    return offset <= pc.committed || offset <= pc.appended;
  }

  /** Records that {@code offset} was dealt with without a row (sent to the dead-letter queue or skipped). */
  public void handled(TopicPartition partition, long offset) {
    handled(partitions.get(partition), offset);
  }

  /** {@link #handled(TopicPartition, long)} for the partition of {@code pc}. */
  public void handled(PartitionChannel pc, long offset) {
    pc.handled = Math.max(pc.handled, offset);
  }

  /**
   * Appends one row. Returns false when the channel had to be reopened: the consumer was rewound and the
   * rest of this partition's records in the current batch must be dropped (they come again).
   */
  public boolean append(SinkRecord record, Map<String, Object> row, long sourceTimestampMs) {
    return append(partitions.get(new TopicPartition(record.topic(), record.kafkaPartition())), record, row,
        sourceTimestampMs);
  }

  /** {@link #append(SinkRecord, Map, long)} to {@code pc}, the channel of the record's partition. */
  public boolean append(PartitionChannel pc, SinkRecord record, Map<String, Object> row, long sourceTimestampMs) {
    TopicPartition tp = pc.partition;
    long offset = record.kafkaOffset();
    if (pc.channel == null) {
      reopen(pc, FIRST_ROW);
      if (offset <= pc.committed) {
        return true;
      }
    }
    try {
      pc.channel.appendRow(row, Long.toString(offset));
    } catch (ChannelException e) {
      LOG.warn("Channel {} for {} refused a row ({}); reopening it and resending from its committed token", pc.name,
          tp, e.getMessage());
      reopen(pc, e.getMessage());
      return false;
    }
    if (pc.pending.isEmpty()) {
      pc.progressAtMs = clock.millis();
    }
    pc.pending.add(new PartitionChannel.Pending(offset, sourceTimestampMs, record));
    freshness.received(pc.freshnessTable, tp, offset, sourceTimestampMs);
    pc.appended = offset;
    pc.handled = Math.max(pc.handled, offset);
    return true;
  }

  /** True when any channel holds rows Snowflake has not committed yet. */
  public boolean inFlight() {
    return partitions.values().stream().anyMatch(pc -> !pc.pending.isEmpty());
  }

  /**
   * Asks each channel with rows in flight for its committed token: committed rows are counted written,
   * rejected rows go to {@code rejected}, a channel whose token did not move for the stall timeout is
   * reopened.
   */
  public void poll() {
    for (PartitionChannel pc : partitions.values()) {
      if (pc.channel == null || pc.pending.isEmpty()) {
        continue;
      }
      try {
        pollOne(pc);
      } catch (ChannelException e) {
        LOG.warn("Channel {} for {} failed ({}); reopening it and resending from its committed token", pc.name,
            pc.partition, e.getMessage());
        reopen(pc, e.getMessage());
      }
    }
  }

  private void pollOne(PartitionChannel pc) {
    long token = PartitionChannel.offsetOf(pc.channel.latestCommittedToken());
    List<IngestChannel.RowError> errors = pc.channel.drainRowErrors();
    // rejected rows by offset; none is the normal case, which then boxes no offset per committed row
    Map<Long, String> errorAt = errors.isEmpty() ? Map.of() : new HashMap<>();
    errors.forEach(error -> errorAt.put(PartitionChannel.offsetOf(error.offsetToken()), error.message()));
    long now = clock.millis();
    if (token > pc.committed) {
      int written = 0;
      int visible = 0;
      long[] visibleTimes = new long[pc.pending.size()];
      for (Iterator<PartitionChannel.Pending> it = pc.pending.iterator(); it.hasNext();) {
        PartitionChannel.Pending row = it.next();
        if (row.offset() > token) {
          break;
        }
        it.remove();
        String error = errorAt.isEmpty() ? null : errorAt.remove(row.offset());
        if (error != null) {
          rejected.accept(row.record(), error);
        } else {
          written++;
          if (listener != null) {
            listener.committed(pc.partition, row.offset(), row.sourceTimestampMs());
          } else {
            visibleTimes[visible++] = row.sourceTimestampMs();
          }
        }
      }
      // the committed offset token: every row of the partition up to it is in the table (samples first, so a
      // reader that sees committed-through move sees the rows' freshness too); in CDC mode rows reach the
      // table with the MERGE, which reports them (Merges)
      if (listener == null) {
        freshness.sampled(pc.table.table(), visibleTimes, visible, now);
        freshness.visible(pc.table.table(), pc.partition, token);
      }
      pc.committed = token;
      pc.progressAtMs = now;
      metrics.written(written, 0);
      metrics.committed();
    }
    if (!errorAt.isEmpty()) {
      LOG.warn("Channel {} reported {} rejected row(s) at offsets the task does not hold: {}", pc.name,
          errorAt.size(), errorAt.keySet());
    }
    if (!pc.pending.isEmpty() && now - pc.progressAtMs >= stallTimeoutMs) {
      LOG.warn("Channel {} for {} has committed nothing for {} ms while {} row(s) are in flight (committed offset {});"
          + " reopening it and resending from there", pc.name, pc.partition, now - pc.progressAtMs,
          pc.pending.size(), pc.committed);
      reopen(pc, "stalled");
    }
  }

  /**
   * Opens the channel again (a new client if the old one was closed): rows in flight are dropped by
   * Snowflake, so the consumer is rewound to just after the committed token and sends them again (except
   * when the channel is opened for its table's first row: nothing was appended or dropped then).
   */
  private void reopen(PartitionChannel pc, String why) {
    if (pc.channel != null) {
      closeQuietly(pc.channel);
      pc.channel = null;
    }
    String table = pc.table.table();
    IngestClient client = clients.get(table);
    if (client == null || client.isClosed()) {
      client = service.client(table);
      clients.put(table, client);
    }
    IngestChannel channel;
    try {
      channel = client.openChannel(pc.name);
    } catch (ChannelException e) {
      if (!e.clientClosed()) {
        throw e;
      }
      client = service.client(table);
      clients.put(table, client);
      channel = client.openChannel(pc.name);
    }
    pc.channel = channel;
    long token = PartitionChannel.offsetOf(channel.latestCommittedToken());
    pc.pending.clear();
    pc.committed = token;
    pc.appended = token;
    pc.progressAtMs = clock.millis();
    long resumeAt = token >= 0 ? token + 1 : pc.firstSeen;
    if (resumeAt >= 0 && !FIRST_ROW.equals(why)) {
      context.offset(pc.partition, resumeAt);
      pc.handled = resumeAt - 1;
      LOG.info("Channel {} for {} opened ({}): committed offset {}, resuming at offset {}", pc.name, pc.partition,
          why, token, resumeAt);
    }
  }

  /** Releases {@code partition}'s channel; rows in flight are left to Snowflake (or resent by the next owner). */
  public void release(TopicPartition partition) {
    PartitionChannel pc = partitions.remove(partition);
    if (pc != null && pc.channel != null) {
      closeQuietly(pc.channel);
    }
  }

  public Map<TopicPartition, PartitionChannel> partitions() {
    return partitions;
  }

  public void close() {
    for (TopicPartition tp : List.copyOf(partitions.keySet())) {
      release(tp);
    }
    clients.values().forEach(ChannelWriter::closeQuietly);
    clients.clear();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("Closing {} failed: {}", closeable, e.toString());
    }
  }
}
