// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.sql.engine.SqlEngine;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Aggregator;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The Kafka Streams topology of one windowed statement:
 *
 * <pre>
 * input topics (bytes) -> input statement (WHERE, event time, group, arguments) -> repartition by group
 *   -> stream-time gate --late--> late-data topic (the record as read + sf.violation)
 *                       --on time--> windowed aggregate (RocksDB window store, emit on close or on update)
 *                                      -> result statement (HAVING, SELECT) -> output topic
 * </pre>
 */
final class WindowTopology {

  static final String WINDOW_STORE = "sf-windows";

  private WindowTopology() {}

  /** The window store's retention: what emit-on-close still reads, plus the stream-time step of the gate. */
  static long retentionMs(WindowQuery query, long graceMs, long configuredMs) {
    if (query.kind() == WindowQuery.Kind.SESSION) {
      return Math.max(configuredMs, 3 * sessionCloseMs(query, graceMs));
    }
    return Math.max(configuredMs, 2 * (query.sizeMs() + graceMs));
  }

  /** How far stream time must pass a session's last row before the session closes (gap + grace + 1 ms). */
  static long sessionCloseMs(WindowQuery query, long graceMs) {
    return query.gapMs() + graceMs + 1;
  }

  /**
   * The largest stream-time step the gate lets through at once: with retention at least twice size
   * plus grace, a step of retention - size - grace (at least size + grace) closes every window holding
   * rows while the segments holding them are still retained.
   */
  static long maxStepMs(WindowQuery query, long graceMs, long retentionMs) {
    if (query.kind() == WindowQuery.Kind.SESSION) {
      return retentionMs - sessionCloseMs(query, graceMs);
    }
    return Math.max(1, retentionMs - query.sizeMs() - graceMs);
  }

  /**
   * Where the gate puts its tick when stream time jumps by more than {@link #maxStepMs}: that step
   * for time windows; for sessions one session-close length past stream time, which closes every
   * session and is more than gap + grace before the jump's record, so no row that is not late can
   * join the tick's (empty) session.
   */
  static long tickStepMs(WindowQuery query, long graceMs, long maxStepMs) {
    return query.kind() == WindowQuery.Kind.SESSION ? sessionCloseMs(query, graceMs) : maxStepMs;
  }

  static Topology build(WindowQuery query, List<String> inputTopics, String outputTopic, String lateTopic,
      long graceMs, long configuredRetentionMs, RecordFormat format, SqlEngine inputEngine, SqlEngine resultEngine,
      WindowCounters counters) {
    long retentionMs = retentionMs(query, graceMs, configuredRetentionMs);
    long maxStepMs = maxStepMs(query, graceMs, retentionMs);
    long tickStepMs = tickStepMs(query, graceMs, maxStepMs);
    Serde<InputRow> rows = InputRow.serde();
    Serde<Accumulators.Acc[]> states = Serdes.serdeFrom((topic, state) -> Accumulators.serialize(state),
        (topic, data) -> data == null ? null : Accumulators.deserialize(data));
    Accumulators accumulators = new Accumulators(query.aggregates(), slots(query));

    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StreamTimeGate.STORE),
        Serdes.String(), Serdes.Long()));
    KStream<Bytes, InputRow> gated = builder
        .stream(inputTopics, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read"))
        .process(() -> new InputProcessor(query, inputEngine, format, counters), Named.as("input-statement"))
        .repartition(Repartitioned.with(Serdes.Bytes(), rows).withName("by-group"))
        .processValues(() -> new StreamTimeGate(query, graceMs, maxStepMs, tickStepMs, counters),
            Named.as("stream-time-gate"),
            StreamTimeGate.STORE);

    gated.filter((key, row) -> row.violation() != null, Named.as("late"))
        .process(LateWriter::new, Named.as("late-record"))
        .to(lateTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("late-topic"));

    KGroupedStream<Bytes, InputRow> groups = gated.filter((key, row) -> row.violation() == null, Named.as("on-time"))
        .groupByKey(Grouped.with(Serdes.Bytes(), rows));
    EmitStrategy emit = query.emit() == WindowQuery.Emit.FINAL
        ? EmitStrategy.onWindowClose()
        : EmitStrategy.onWindowUpdate();
    Aggregator<Bytes, InputRow, Accumulators.Acc[]> aggregator = (key, row, state) -> {
      if (!row.tick()) {
        accumulators.add(state, row.arguments(), slot(query, row.eventTime()), row.eventTime());
      }
      return state;
    };
    KTable<Windowed<Bytes>, Accumulators.Acc[]> aggregated;
    if (query.kind() == WindowQuery.Kind.SESSION) {
      SessionWindows sessions = SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(query.gapMs()),
          Duration.ofMillis(graceMs));
      aggregated = groups.windowedBy(sessions).emitStrategy(emit).aggregate(accumulators::initial, aggregator,
          (key, one, two) -> accumulators.merge(one, two), Named.as("aggregate"),
          cached(query, Materialized.<Bytes, Accumulators.Acc[], SessionStore<Bytes, byte[]>>as(WINDOW_STORE)
              .withKeySerde(Serdes.Bytes()).withValueSerde(states).withRetention(Duration.ofMillis(retentionMs))));
    } else {
      TimeWindows windows = TimeWindows.ofSizeAndGrace(Duration.ofMillis(query.sizeMs()), Duration.ofMillis(graceMs));
      if (query.kind() != WindowQuery.Kind.TUMBLE) {
        windows = windows.advanceBy(Duration.ofMillis(query.advanceMs()));
      }
      aggregated = groups.windowedBy(windows).emitStrategy(emit).aggregate(accumulators::initial, aggregator,
          Named.as("aggregate"),
          cached(query, Materialized.<Bytes, Accumulators.Acc[], WindowStore<Bytes, byte[]>>as(WINDOW_STORE)
              .withKeySerde(Serdes.Bytes()).withValueSerde(states).withRetention(Duration.ofMillis(retentionMs))));
    }
    aggregated.toStream(Named.as("windows"))
        .process(() -> new ResultWriter(query, resultEngine, format, outputTopic, counters),
            Named.as("result-statement"))
        .to(outputTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("output-topic"));
    return builder.build();
  }

  /**
   * EMIT FINAL's window store (TUMBLE, HOP, CUMULATE) has no record cache. Kafka Streams' emit-on-window-close reads the closed windows
   * with a time-range fetch, and the first fetch of a freshly started task starts at time 0; through the record
   * cache such a fetch visits every segment interval (at least a minute) from 1970 to stream time, which for
   * event times of today is tens of millions of cache lookups before the first result (minutes of CPU per
   * task). Without the cache the fetch visits only the segments that exist. EMIT FINAL writes each window once,
   * when it closes, so the cache's merging of updates has nothing to save there but store writes, which under
   * exactly-once commit every 100 ms anyway. EMIT CHANGES keeps the cache (it merges a window's updates between
   * commits), and so does SESSION, whose session store finds closed sessions without that walk.
   */
  static <S extends StateStore> Materialized<Bytes, Accumulators.Acc[], S> cached(WindowQuery query,
      Materialized<Bytes, Accumulators.Acc[], S> materialized) {
    return query.emit() == WindowQuery.Emit.FINAL && query.kind() != WindowQuery.Kind.SESSION
        ? materialized.withCachingDisabled()
        : materialized;
  }

  /**
   * CUMULATE runs on hopping windows of its size advancing by its step: the hopping window ending at e
   * holds, per step of its span, a partial state (slot = step number modulo size / step), and the
   * cumulative window [start of e's period, e) is the merge of the partials of the steps from the
   * period's start to e (see {@link ResultWriter}). The hopping window closes when the cumulative
   * window does: at e plus the grace.
   */
  static int slots(WindowQuery query) {
    return query.kind() == WindowQuery.Kind.CUMULATE ? (int) (query.sizeMs() / query.advanceMs()) : 1;
  }

  static int slot(WindowQuery query, long eventTime) {
    return query.kind() == WindowQuery.Kind.CUMULATE
        ? (int) Math.floorMod(Math.floorDiv(eventTime, query.advanceMs()), query.sizeMs() / query.advanceMs())
        : 0;
  }
}
