// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.connect.data.Schema;

/** One parsed schema of a format (Avro, JSON Schema) with what it takes to write and read values. */
public interface SchemaCodec {

  /** The schema text as registered. */
  String text();

  /** The fully qualified record name (for the record subject strategies), or null when the schema has none. */
  String recordName();

  /** The Connect schema of the values {@link #read} returns. */
  Schema connectSchema();

  /** Encodes a Connect value of schema {@code valueSchema} into {@code out}. */
  void write(Schema valueSchema, Object value, ByteArrayOutputStream out);

  /** Decodes a payload into a Connect value of {@link #connectSchema()}. */
  Object read(byte[] data, int offset, int length);
}
