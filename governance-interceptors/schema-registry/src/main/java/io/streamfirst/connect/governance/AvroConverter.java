// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.avro.AvroCodec;
import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import org.apache.kafka.connect.data.Schema;

/**
 * Converts between Connect data and Avro in the Confluent wire format (magic byte 0, 4-byte schema id, Avro
 * binary), with schemas in a Confluent-compatible schema registry. Encoding and decoding are Apache Avro's
 * own; the Connect mapping is {@link io.streamfirst.connect.governance.avro.AvroSchemas} and
 * {@link io.streamfirst.connect.governance.avro.AvroValues}.
 */
public class AvroConverter extends RegistryConverter {

  public AvroConverter() {}

  /** For tests: a converter on the given registry. */
  public AvroConverter(SchemaRegistry registry) {
    super(registry);
  }

  @Override
  protected String schemaType() {
    return RegisteredSchema.AVRO;
  }

  @Override
  protected String formatName() {
    return "Avro";
  }

  @Override
  protected SchemaCodec codecFor(Schema schema) {
    return AvroCodec.of(schema);
  }

  @Override
  protected SchemaCodec parse(String schemaText) {
    return AvroCodec.parse(schemaText);
  }
}
