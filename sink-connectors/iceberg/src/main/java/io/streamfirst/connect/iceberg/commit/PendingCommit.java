// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import io.streamfirst.connect.iceberg.write.TableWriter;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * Files completed for one table and the offsets they are committed with, until the table's history shows
 * the commit. Kept across attempts (and across {@code put()} calls while the catalog is unreachable) with
 * one commit id, so a commit whose outcome was unknown is recognised instead of applied twice.
 */
public final class PendingCommit {

  private TableWriter.Files files;
  private final Map<TopicPartition, Long> offsets;
  private final String commitId = UUID.randomUUID().toString();
  private final long sourceTs;
  private final long[] sourceTimestamps;
  private final int upserts;
  private final int deletes;
  /** Set once a commit request may have reached the catalog without a known outcome. */
  private boolean maybeApplied;

  public PendingCommit(TableWriter.Files files, Map<TopicPartition, Long> offsets, long sourceTs,
      long[] sourceTimestamps, int upserts, int deletes) {
    this.files = files;
    this.offsets = Map.copyOf(offsets);
    this.sourceTs = sourceTs;
    this.sourceTimestamps = sourceTimestamps;
    this.upserts = upserts;
    this.deletes = deletes;
  }

  public TableWriter.Files files() {
    return files;
  }

  /** The files after a redone lookup (new position-delete files; the data files are the same). */
  void files(TableWriter.Files redone) {
    this.files = redone;
  }

  /** The consumed offsets when the files were completed: every change below them is in these files or earlier. */
  public Map<TopicPartition, Long> offsets() {
    return offsets;
  }

  public String commitId() {
    return commitId;
  }

  public long sourceTs() {
    return sourceTs;
  }

  public long[] sourceTimestamps() {
    return sourceTimestamps;
  }

  public int upserts() {
    return upserts;
  }

  public int deletes() {
    return deletes;
  }

  public boolean maybeApplied() {
    return maybeApplied;
  }

  void maybeApplied(boolean value) {
    maybeApplied = value;
  }
}
