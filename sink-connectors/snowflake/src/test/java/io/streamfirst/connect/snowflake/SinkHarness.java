// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import io.streamfirst.connect.snowflake.fake.FakeSnowflake;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Plays Connect's part for {@link SnowflakeSinkTask} unit tests: a topic's records per partition, the
 * consumer position (moved by the task's seeks), Kafka's committed offsets (what preCommit returned),
 * and rebalances that hand the partitions to a new task. The task writes to a {@link FakeSnowflake}.
 */
final class SinkHarness {

  static final String PEM = pem();

  final String account = "acct-" + UUID.randomUUID();
  final FakeSnowflake snowflake = FakeSnowflake.named(account);
  final Map<TopicPartition, List<SinkRecord>> log = new HashMap<>();
  final Map<TopicPartition, Long> position = new HashMap<>();
  final Map<TopicPartition, Long> kafkaCommitted = new HashMap<>();
  final MutableClock clock = new MutableClock();
  final Map<String, String> props = new HashMap<>();
  final boolean deadLetterQueue;
  RecordingSinkTaskContext context;
  SnowflakeSinkTask task;
  final List<SinkRecord> dlq = new ArrayList<>();

  SinkHarness(boolean deadLetterQueue) {
    this.deadLetterQueue = deadLetterQueue;
    props.putAll(config(account));
  }

  static Map<String, String> config(String account) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "snow");
    props.put(SnowflakeSinkConfig.ACCOUNT_URL, "https://acme-test.snowflakecomputing.com");
    props.put(SnowflakeSinkConfig.USER, "CONNECT");
    props.put(SnowflakeSinkConfig.PRIVATE_KEY, PEM);
    props.put(SnowflakeSinkConfig.DATABASE, "DB");
    props.put(SnowflakeSinkConfig.SCHEMA, "PUBLIC");
    props.put(SnowflakeSinkConfig.SERVICE_FACTORY_CLASS, FakeSnowflake.FACTORY);
    props.put(FakeSnowflake.INSTANCE_KEY, account);
    return props;
  }

  static String pem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  void add(SinkRecord record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
    List<SinkRecord> records = log.computeIfAbsent(tp, p -> new ArrayList<>());
    if (record.kafkaOffset() != records.size()) {
      throw new AssertionError("records must be added in offset order");
    }
    records.add(record);
  }

  /** Starts a new task (another worker) and hands it every partition, as a rebalance does. */
  void startTask() {
    context = new RecordingSinkTaskContext(deadLetterQueue ? (record, error) -> {
      dlq.add(record);
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    } : null);
    task = new SnowflakeSinkTask(clock);
    task.initialize(context);
    task.start(props);
    for (TopicPartition tp : log.keySet()) {
      position.put(tp, kafkaCommitted.getOrDefault(tp, 0L));
    }
    task.open(log.keySet());
    applySeeks();
  }

  /** The old task loses its partitions without a final commit (a crash or a lost group membership). */
  void crashTask() {
    task.close(log.keySet());
    task.stop();
  }

  /** One poll: up to {@code max} records per partition from the consumer position, then put. */
  void poll(int max) {
    List<SinkRecord> batch = new ArrayList<>();
    for (Map.Entry<TopicPartition, List<SinkRecord>> entry : log.entrySet()) {
      long from = position.get(entry.getKey());
      List<SinkRecord> records = entry.getValue();
      long to = Math.min(records.size(), from + max);
      for (long offset = from; offset < to; offset++) {
        batch.add(records.get((int) offset));
      }
      position.put(entry.getKey(), to);
    }
    task.put(batch);
    applySeeks();
  }

  /** Connect's offset commit: whatever preCommit returns becomes Kafka's committed offset. */
  Map<TopicPartition, OffsetAndMetadata> commit() {
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    position.forEach((tp, offset) -> current.put(tp, new OffsetAndMetadata(offset)));
    Map<TopicPartition, OffsetAndMetadata> result = task.preCommit(current);
    result.forEach((tp, offset) -> kafkaCommitted.put(tp, offset.offset()));
    applySeeks();
    return result;
  }

  /** Polls and commits until every record was delivered and Snowflake committed everything. */
  void drain() {
    for (int i = 0; i < 100; i++) {
      poll(50);
      snowflake.commitPending();
      clock.advance(2_000);
      commit();
      boolean done = log.entrySet().stream()
          .allMatch(e -> kafkaCommitted.getOrDefault(e.getKey(), 0L) == e.getValue().size());
      if (done) {
        return;
      }
    }
    throw new AssertionError("not drained: committed " + kafkaCommitted + ", positions " + position);
  }

  private void applySeeks() {
    context.seeks.forEach(position::put);
    context.seeks.clear();
  }

  static final class MutableClock extends Clock {
    private long millis = 1_700_000_000_000L;

    void advance(long ms) {
      millis += ms;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
