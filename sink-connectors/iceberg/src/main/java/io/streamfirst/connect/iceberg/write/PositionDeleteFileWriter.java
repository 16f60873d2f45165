// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DeleteSchemaUtil;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.ParquetValueWriters;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes the Parquet position-delete file of one data file (format version 2): the rows (path, position)
 * in the order of the bitmap, which is ascending, as the format asks, so nothing is sorted. The path is
 * encoded once and every row writes the same bytes and an unboxed position, so a commit that rewrites a
 * data file's earlier positions allocates nothing per row. The file is what Iceberg's own position-delete
 * writer produces for one data file: the {@code file_path}/{@code pos} schema, full column bounds (which
 * name the data file), and the data file as its referenced data file.
 */
final class PositionDeleteFileWriter {

  private PositionDeleteFileWriter() {}

  static DeleteFile write(Table table, EncryptedOutputFile out, String dataFile, PositionDeleteIndex positions,
      PartitionSpec spec, StructLike partition) throws IOException {
    long[] next = new long[1];
    Binary path = Binary.fromConstantByteArray(dataFile.getBytes(StandardCharsets.UTF_8));
    FileAppender<long[]> appender = Parquet.write(out)
        .setAll(table.properties())
        .metricsConfig(MetricsConfig.forPositionDelete())
        .schema(DeleteSchemaUtil.pathPosSchema())
        .createWriterFunc((MessageType type) -> new PathPosWriter(type, path))
        .meta("delete-type", "position")
        .overwrite()
        .build();
    try {
      positions.forEach(pos -> {
        next[0] = pos;
        appender.add(next);
      });
    } finally {
      appender.close();
    }
    return FileMetadata.deleteFileBuilder(spec).ofPositionDeletes().withFormat(FileFormat.PARQUET)
        .withPath(out.encryptingOutputFile().location()).withPartition(partition)
        .withEncryptionKeyMetadata(out.keyMetadata()).withFileSizeInBytes(appender.length())
        .withMetrics(appender.metrics()).withSplitOffsets(appender.splitOffsets())
        .withReferencedDataFile(dataFile).build();
  }

  /** One row: the fixed path and {@code row[0]} as the position. */
  private static final class PathPosWriter implements ParquetValueWriter<long[]> {
    private final ParquetValueWriter<CharSequence> pathWriter;
    private final ParquetValueWriter<Long> posWriter;
    private final TripleWriter<?> pathColumn;
    private final TripleWriter<?> posColumn;
    private final Binary path;

    PathPosWriter(MessageType type, Binary path) {
      this.pathWriter = ParquetValueWriters.strings(type.getColumnDescription(new String[]{"file_path"}));
      this.posWriter = ParquetValueWriters.longs(type.getColumnDescription(new String[]{"pos"}));
      this.pathColumn = pathWriter.columns().get(0);
      this.posColumn = posWriter.columns().get(0);
      this.path = path;
    }

    @Override
    public void write(int repetitionLevel, long[] row) {
      pathColumn.writeBinary(repetitionLevel, path);
      posColumn.writeLong(repetitionLevel, row[0]);
    }

    @Override
    public List<TripleWriter<?>> columns() {
      List<TripleWriter<?>> out = new ArrayList<>(pathWriter.columns());
      out.addAll(posWriter.columns());
      return out;
    }

    @Override
    public void setColumnStore(ColumnWriteStore store) {
      pathWriter.setColumnStore(store);
      posWriter.setColumnStore(store);
    }
  }
}
