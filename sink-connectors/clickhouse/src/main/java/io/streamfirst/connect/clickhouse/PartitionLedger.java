// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import io.streamfirst.connect.sink.BadRecords;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per partition: the last offset the task handled and the dead-letter reports later rows wait for.
 *
 * <p>Kept within an assignment; reports count as pending until they are known to be durable.
 */
final class PartitionLedger {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionLedger.class);

  private final BadRecords badRecords;
  private final TaskCalls calls;
  /**
   * Per partition the last offset this task has handled (buffered, reported or skipped), so that
   * records Connect hands over again after a put() ended with a RetriableException are not buffered
   * twice. Forgotten when partitions are opened or closed.
   */
  private final Map<TopicPartition, Long> handled = new HashMap<>();
  /** Dead-letter reports not yet known to be durable, per partition in offset order. */
  private final Map<TopicPartition, ArrayDeque<Report>> reports = new HashMap<>();
  private TopicPartition lastPartition;
  /** Records skipped since the last revocation because their rows were already in their tables. */
  private long skippedReplays;

  private record Report(long offset, Future<Void> done) {
  }

  PartitionLedger(BadRecords badRecords, TaskCalls calls) {
    this.badRecords = badRecords;
    this.calls = calls;
  }

  /** The record's original topic-partition; consecutive records mostly share it, so it is reused. */
  TopicPartition partitionOf(SinkRecord record) {
    TopicPartition last = lastPartition;
    if (last == null || last.partition() != record.originalKafkaPartition()
        || !last.topic().equals(record.originalTopic())) {
      last = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
      lastPartition = last;
    }
    return last;
  }

  /** True when this task has handled the record at {@code tp@offset} already in this assignment. */
  boolean handled(TopicPartition tp, long offset) {
    Long done = handled.get(tp);
    return done != null && offset <= done;
  }

  /** The record at {@code tp@offset} is handled: buffered, reported or skipped. */
  void handledUpTo(TopicPartition tp, long offset) {
    handled.put(tp, offset);
  }

  /** A record was skipped: its row is already in its table. */
  void skippedReplay() {
    skippedReplays++;
  }

  /**
   * Sends a bad record to the dead-letter queue. The report is asynchronous: until it is durable, no
   * later row of its partition is inserted (that row would raise the table's high-water mark past the
   * bad record, and a replay would skip it although it is in no table and in no dead-letter topic).
   */
  void report(TopicPartition tp, SinkRecord record, DataException why) {
    Future<Void> done = badRecords.report(record, why);
    reports.computeIfAbsent(tp, p -> new ArrayDeque<>()).add(new Report(record.originalKafkaOffset(), done));
  }

  /** Drops reports that are durable; fails the task on one that failed. Does not wait. */
  void checkReports() {
    for (Iterator<Map.Entry<TopicPartition, ArrayDeque<Report>>> it = reports.entrySet().iterator(); it.hasNext();) {
      Map.Entry<TopicPartition, ArrayDeque<Report>> entry = it.next();
      ArrayDeque<Report> pending = entry.getValue();
      while (!pending.isEmpty() && pending.peekFirst().done().isDone()) {
        awaitReport(entry.getKey(), pending.pollFirst(), 0);
      }
      if (pending.isEmpty()) {
        it.remove();
      }
    }
  }

  /**
   * Waits until every report below the given rows (same partition) is durable. Throws a
   * RetriableException when one is still pending at the call's deadline (the rows stay buffered),
   * and fails the task when one failed.
   *
   * @param rows per partition the first offset, last offset and number of the rows about to be inserted
   */
  void awaitReportsBelow(Map<TopicPartition, long[]> rows) {
    for (Map.Entry<TopicPartition, long[]> range : rows.entrySet()) {
      ArrayDeque<Report> pending = reports.get(range.getKey());
      while (pending != null && !pending.isEmpty() && pending.peekFirst().offset() < range.getValue()[1]) {
        awaitReport(range.getKey(), pending.peekFirst(), calls.leftMs());
        pending.pollFirst();
      }
      if (pending != null && pending.isEmpty()) {
        reports.remove(range.getKey());
      }
    }
  }

  private void awaitReport(TopicPartition tp, Report report, long maxWaitMs) {
    try {
      report.done().get(maxWaitMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw calls.retryLater("The dead-letter report of the record at " + tp + "@" + report.offset() + " is not"
          + " yet written (is the dead-letter topic available?); later rows of " + tp + " wait for it", e);
    } catch (ExecutionException e) {
      throw calls.fail(new ConnectException("Sending the record at " + tp + "@" + report.offset() + " to the"
          + " dead-letter queue failed (" + e.getCause() + "). The task stops before any later row of " + tp + " is"
          + " inserted, so a restart sends it again; make the dead-letter topic writable (errors.deadletterqueue.*,"
          + " producer.override.*) and restart the task.", e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while waiting for a dead-letter report", e);
    }
  }

  /** Partitions assigned: forgets what was handled of them before. */
  void opened(Collection<TopicPartition> partitions) {
    handled.keySet().removeAll(partitions);
  }

  /** Partitions revoked: forgets what was handled of them and their pending reports. */
  void closed(Collection<TopicPartition> partitions) {
    handled.keySet().removeAll(partitions);
    reports.keySet().removeAll(partitions);
  }

  /** Logs how many replayed records were skipped since the last time, if any. */
  void logSkippedReplays() {
    if (skippedReplays > 0) {
      LOG.info("Skipped {} replayed records whose rows were already in their tables", skippedReplays);
      skippedReplays = 0;
    }
  }
}
