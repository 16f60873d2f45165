// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.engine;

import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/** Reads one column of the SQL row from a record, in the engine's representation. */
@FunctionalInterface
public interface InputBinding {

  Object read(ConnectRecord<?> record);

  /**
   * The Connect schema of the values this binding returns exactly as the record holds them (a value
   * field whose Connect representation is also the engine's), or null when it converts or computes
   * them. A result column that passes such a column through can be written as read.
   */
  default Schema unconvertedSchema() {
    return null;
  }

  static InputBinding structField(Field field) {
    return new StructField(field, ConnectTypes.toEngine(field.schema()));
  }

  /**
   * A value field, converted to the engine's representation where that differs from Connect's.
   * Generated programs read it straight from the record's Struct ({@link RecordInputs}).
   */
  record StructField(Field field, ValueConverter converter) implements InputBinding {

    @Override
    public Object read(ConnectRecord<?> record) {
      return converter.apply(((Struct) record.value()).get(field));
    }

    @Override
    public Schema unconvertedSchema() {
      return converter == ValueConverter.IDENTITY ? field.schema() : null;
    }
  }

  static InputBinding mapField(String name, RelDataType type) {
    return record -> ConnectTypes.schemalessToEngine(((Map<?, ?>) record.value()).get(name), type);
  }

  static InputBinding key(Schema keySchema, RelDataType inferredType) {
    if (keySchema != null) {
      ValueConverter converter = ConnectTypes.toEngine(keySchema);
      return record -> converter.apply(record.key());
    }
    return record -> ConnectTypes.schemalessToEngine(record.key(), inferredType);
  }

  static InputBinding metadata(String column) {
    return switch (column) {
      case PseudoColumns.TOPIC -> ConnectRecord::topic;
      case PseudoColumns.PARTITION -> ConnectRecord::kafkaPartition;
      case PseudoColumns.OFFSET -> record -> record instanceof SinkRecord sink ? sink.kafkaOffset() : null;
      case PseudoColumns.TIMESTAMP -> ConnectRecord::timestamp;
      case PseudoColumns.HEADERS -> InputBinding::headers;
      default -> throw new IllegalArgumentException(column);
    };
  }

  private static Object headers(ConnectRecord<?> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      Object value = header.value();
      String text = value instanceof byte[] bytes
          ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
          : value == null ? null : Values.convertToString(header.schema(), value);
      headers.put(header.key(), text);
    }
    return headers;
  }
}
