// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import io.streamfirst.connect.iceberg.catalog.Secrets;
import io.streamfirst.connect.iceberg.compact.Compactor;
import io.streamfirst.connect.sink.FreshnessMetrics;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the tables a commit cycle has just committed to, once its offsets are durable (so a compaction
 * changes no outcome), and counts what it did. A failure is logged and counted; ingestion goes on. At most one
 * table is rewritten per cycle, so a cycle delays the next commit of every table by one compaction at most,
 * not by one per table; the search starts after the table rewritten last, so each table gets its turn.
 */
final class CompactionTrigger {

  private static final Logger LOG = LoggerFactory.getLogger(CompactionTrigger.class);

  private final Compactor compactor;
  private final IntConsumer compactions;
  private final IntConsumer compactedFiles;
  private final IntConsumer compactionFailures;
  /** The table the last compaction rewrote (or tried to), or null. */
  private String lastRewritten;

  CompactionTrigger(Compactor compactor, FreshnessMetrics metrics) {
    this.compactor = compactor;
    compactions = metrics.counter("compactions", "Compactions committed by the task");
    compactedFiles = metrics.counter("compaction-files-rewritten", "Data and delete files replaced by compactions");
    compactionFailures = metrics.counter("compaction-failures",
        "Compactions dropped after a conflict with another writer or an error (the table is unchanged)");
  }

  /**
   * Compacts the first of {@code committed} (after the one rewritten last) that needs it; only an injected crash
   * is thrown.
   */
  void after(List<Table> committed) {
    int start = 0;
    for (int i = 0; i < committed.size(); i++) {
      if (committed.get(i).name().equals(lastRewritten)) {
        start = i + 1;
      }
    }
    for (int k = 0; k < committed.size(); k++) {
      Table table = committed.get((start + k) % committed.size());
      Compactor.Result result;
      try {
        result = compactor.compact(table);
      } catch (CrashPoints.InjectedCrash e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Compacting {} failed ({}); the table is unchanged, the next commit tries again",
            table.name(), Secrets.describe(e));
        result = Compactor.Result.of(Compactor.Outcome.FAILED);
      }
      switch (result.outcome()) {
        case COMPACTED -> {
          compactions.accept(1);
          compactedFiles.accept(result.dataFilesRewritten() + result.deleteFilesRemoved());
        }
        case CONFLICT, FAILED -> compactionFailures.accept(1);
        case NOTHING_TO_DO -> {}
      }
      if (result.outcome() != Compactor.Outcome.NOTHING_TO_DO) {
        lastRewritten = table.name(); // this cycle's compaction: the other tables wait for the next cycles
        return;
      }
    }
  }
}
