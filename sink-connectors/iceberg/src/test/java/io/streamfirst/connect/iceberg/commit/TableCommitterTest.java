// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.iceberg.ForwardingTableOperations;
import io.streamfirst.connect.iceberg.write.TableWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table commit against a real Hadoop catalog whose answers a test can lose. */
class TableCommitterTest {

  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
  private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

  @TempDir
  Path warehouse;

  /**
   * The catalog receives a commit but its answer is lost; it applies the request only while the retry is
   * on its way (a gateway time-out in front of a slow catalog). Iceberg re-applies a rejected append on the
   * refreshed table by itself: without a check the rows would land twice.
   */
  @Test
  void aCommitThatLandsLateAfterAnUnknownOutcomeIsNotAppliedTwice() throws Exception {
    HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
    Table real = catalog.createTable(TableIdentifier.of("lake", "t"), SCHEMA, PartitionSpec.unpartitioned());
    LateCatalog late = new LateCatalog(((HasTableOperations) real).operations());
    Table table = new BaseTable(late, real.name());

    commitHundredRows(table);

    assertThat(late.landedLate).as("the first request landed while the retry was on its way").isTrue();
    Table after = catalog.loadTable(TableIdentifier.of("lake", "t"));
    assertThat(ids(after)).hasSize(100).doesNotHaveDuplicates();
    assertThat(CommitSummary.committedOffsets(after, "lake")).containsEntry(ORDERS_0, 100L);
  }

  /**
   * The catalog applies the commit and then reports a conflict: a JDBC catalog whose connection broke right
   * after its metadata-pointer {@code UPDATE} ran re-runs the statement on a new connection, finds the pointer
   * already moved, and says another writer won. Iceberg's own retry then rebuilds the same snapshot on the
   * table that already holds it; the rows must still be in the table once, with the offsets.
   */
  @Test
  void aCommitAppliedButReportedAsAConflictIsNotAppliedTwice() throws Exception {
    HadoopCatalog catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
    Table real = catalog.createTable(TableIdentifier.of("lake", "c"), SCHEMA, PartitionSpec.unpartitioned());
    AppliedThenConflict ops = new AppliedThenConflict(((HasTableOperations) real).operations());
    Table table = new BaseTable(ops, real.name());

    commitHundredRows(table);

    assertThat(ops.conflictsReported).as("the applied commit was reported as a conflict").isEqualTo(1);
    Table after = catalog.loadTable(TableIdentifier.of("lake", "c"));
    assertThat(ids(after)).hasSize(100).doesNotHaveDuplicates();
    assertThat(after.snapshots()).as("one snapshot: the commit was not applied again").hasSize(1);
    assertThat(CommitSummary.committedOffsets(after, "lake")).containsEntry(ORDERS_0, 100L);
  }

  /** Writes ids 0..99 and commits them with the offset of {@link #ORDERS_0} at 100, as a task would. */
  private static void commitHundredRows(Table table) throws Exception {
    TableWriter writer = new TableWriter(table, false, List.of(), 128L * 1024 * 1024, 1);
    for (long id = 0; id < 100; id++) {
      Record row = GenericRecord.create(SCHEMA);
      row.setField("id", id);
      writer.append(row);
    }
    PendingCommit pending = new PendingCommit(writer.complete(), Map.of(ORDERS_0, 100L), -1, new long[0], 100, 0);
    TableCommitter committer = new TableCommitter("lake", "lake-0", Duration.ofSeconds(30), Clock.systemUTC());
    committer.commit(table, pending, Map.of(), Duration.ofSeconds(10));
  }

  private static List<Long> ids(Table table) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      rows.forEach(r -> ids.add((Long) r.getField("id")));
    }
    return ids;
  }

  /** Applies the first commit, then reports it as lost to another writer. */
  private static final class AppliedThenConflict extends ForwardingTableOperations {
    int conflictsReported;

    AppliedThenConflict(TableOperations delegate) {
      super(delegate);
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      delegate.commit(base, metadata);
      if (conflictsReported++ == 0) {
        throw new CommitFailedException("Table metadata pointer moved: another process committed");
      }
    }
  }

  /** Answers the first commit with an unknown outcome and applies it when the next commit arrives. */
  private static final class LateCatalog extends ForwardingTableOperations {
    private TableMetadata held;
    private int commits;
    boolean landedLate;

    LateCatalog(TableOperations delegate) {
      super(delegate);
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      commits++;
      if (commits == 1) {
        held = metadata;
        throw new CommitStateUnknownException(new java.net.SocketTimeoutException("gateway time-out"));
      }
      if (held != null) {
        delegate.refresh();
        delegate.commit(delegate.current(), held);
        held = null;
        landedLate = true;
      }
      delegate.commit(base, metadata);
    }
  }
}
