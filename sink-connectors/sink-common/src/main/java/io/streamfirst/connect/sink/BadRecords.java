// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Where records that cannot be written go: Connect's errant-record reporter (the dead-letter queue and
 * error log of the connector's {@code errors.*} settings), which also applies
 * {@code errors.tolerance}. Without a reporter (no dead-letter queue or error log configured) a bad
 * record fails the task with a message naming it.
 */
public final class BadRecords {

  private final ErrantRecordReporter reporter;
  private final FreshnessMetrics metrics;

  public BadRecords(SinkTaskContext context, FreshnessMetrics metrics) {
    this.reporter = reporterOf(context);
    this.metrics = metrics;
  }

  /** True when bad records are reported rather than failing the task. */
  public boolean reporting() {
    return reporter != null;
  }

  /**
   * Reports {@code record} as not writable because of {@code why}. The framework waits for the report
   * before committing the record's offset. Throws when there is no reporter, or when the connector's
   * {@code errors.tolerance} does not allow another error. The returned future completes when the
   * report is durable, and fails when it could not be written. A sink that skips replayed records by
   * what its target holds (or commits offsets outside Connect) must not make anything past the record
   * in its partition durable before the future completed, and must fail on a failed future; otherwise
   * a replay skips a record that is neither in the target nor in the dead-letter queue.
   */
  public Future<Void> report(SinkRecord record, Throwable why) {
    if (reporter == null) {
      throw new ConnectException("Cannot write record at " + ChangeView.coordinates(record) + ": "
          + why.getMessage() + " (set errors.tolerance=all and errors.deadletterqueue.topic.name to send"
          + " such records to a dead-letter queue instead of stopping)", why);
    }
    Future<Void> done = reporter.report(record, why);
    if (metrics != null) {
      metrics.failed(1);
    }
    return done;
  }

  private static ErrantRecordReporter reporterOf(SinkTaskContext context) {
    try {
      return context == null ? null : context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError olderWorker) {
      return null;
    }
  }
}
