// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sits right before the window aggregation, in the same task, and decides per record what the
 * aggregation would: a record whose windows have all closed (the end of its latest window is at or
 * before stream time minus grace) is late. Late rows are marked and go to the late-data topic with
 * an {@code sf.violation} header, instead of being dropped by the aggregation without a trace.
 *
 * <p>Stream time is kept in a changelogged store, so it survives restarts and moves with the task.
 * When a record would move stream time forward by more than {@code maxStepMs} (window size plus
 * grace, with the default retention), a tick row (of the same group, aggregating nothing) is sent
 * first, at stream time plus that step: every window holding rows has closed by then, and the
 * aggregation emits them before the window store drops the segments that hold them. Without it, the
 * put of the far newer record drops those segments first (a jump longer than the store's retention),
 * and the windows are never emitted.
 */
final class StreamTimeGate implements FixedKeyProcessor<Bytes, InputRow, InputRow> {

  static final String STORE = "sf-stream-time";
  private static final String KEY = "stream-time";

  private final WindowQuery query;
  private final long graceMs;
  private final long maxStepMs;
  private final long tickStepMs;
  private final WindowCounters counters;
  private FixedKeyProcessorContext<Bytes, InputRow> context;
  private KeyValueStore<String, Long> store;
  private long streamTime = -1;
  private int partition;

  StreamTimeGate(WindowQuery query, long graceMs, long maxStepMs, long tickStepMs, WindowCounters counters) {
    this.query = query;
    this.graceMs = graceMs;
    this.maxStepMs = maxStepMs;
    this.tickStepMs = tickStepMs;
    this.counters = counters;
  }

  @Override
  public void init(FixedKeyProcessorContext<Bytes, InputRow> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    Long stored = store.get(KEY);
    streamTime = stored == null ? -1 : stored;
    partition = context.taskId().partition();
    counters.streamTime(partition, streamTime);
  }

  @Override
  public void close() {
    counters.released(partition);
  }

  @Override
  public void process(FixedKeyRecord<Bytes, InputRow> record) {
    InputRow row = record.value();
    long time = row.eventTime();
    if (time < 0) {
      late(record, time == Long.MIN_VALUE ? "event time is NULL" : "event time is before 1970-01-01");
      return;
    }
    String closed = closedReason(time);
    if (closed != null) {
      late(record, closed);
      return;
    }
    if (time > streamTime) {
      if (streamTime >= 0 && time - streamTime > maxStepMs) {
        // Every window holding rows starts at or before the current stream time, so all of them close by
        // stream time + size + grace: one tick there emits them while their segments are still retained.
        long tick = streamTime + tickStepMs;
        context.forward(record.withValue(InputRow.tick(tick)).withTimestamp(tick));
      }
      streamTime = time;
      store.put(KEY, streamTime);
      counters.streamTime(partition, streamTime);
    }
    counters.aggregated.incrementAndGet();
    context.forward(record);
  }

  /** Why a record at {@code time} is late (all its windows have closed), or null when it is on time. */
  private String closedReason(long time) {
    if (query.kind() == WindowQuery.Kind.SESSION) {
      // A row at most the grace behind stream time can only join sessions that are still open: a closed session
      // ended more than gap + grace before stream time, so it is more than the gap before such a row.
      if (streamTime >= 0 && time < streamTime - graceMs) {
        return "event time " + Instant.ofEpochMilli(time) + " is more than the grace (" + graceMs + " ms) behind"
            + " stream time " + Instant.ofEpochMilli(streamTime) + " (session gap " + query.gapMs() + " ms)";
      }
      return null;
    }
    long latestEnd = query.kind() == WindowQuery.Kind.CUMULATE
        ? Math.floorDiv(time, query.sizeMs()) * query.sizeMs() + query.sizeMs()
        : Math.floorDiv(time, query.advanceMs()) * query.advanceMs() + query.sizeMs();
    if (query.kind() == WindowQuery.Kind.CUMULATE && time < query.sizeMs()) {
      return "event time " + Instant.ofEpochMilli(time) + " is in the first CUMULATE period after 1970-01-01, which"
          + " has no windows";
    }
    if (streamTime >= 0 && latestEnd <= streamTime - graceMs) {
      return "window [" + Instant.ofEpochMilli(latestEnd - query.sizeMs()) + ", " + Instant.ofEpochMilli(latestEnd)
          + ") closed at stream time " + Instant.ofEpochMilli(latestEnd + graceMs) + " (grace " + graceMs
          + " ms); stream time is " + Instant.ofEpochMilli(streamTime);
    }
    return null;
  }

  private void late(FixedKeyRecord<Bytes, InputRow> record, String reason) {
    counters.late.incrementAndGet();
    context.forward(record.withValue(record.value().late("late: " + reason)));
  }
}
