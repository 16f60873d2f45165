// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.spi;

import io.streamfirst.connect.governance.registry.SchemaRegistry;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * The data-contract check the registry converters run with {@code contract.enabled=true}, implemented by the
 * contracts module (found with {@link java.util.ServiceLoader} in the converter's class loader: the governance
 * plugin family holds both).
 */
public interface ConverterContract extends AutoCloseable {

  /** Configured with the converter's settings; {@code registry} is the converter's own client (and cache). */
  void configure(Map<String, ?> configs, SchemaRegistry registry);

  /**
   * Checks data read from (or about to be written to) {@code topic} with the schema {@code schemaId} of
   * {@code subject}, against the contract of that schema's subject version.
   *
   * @param headers the record's headers, which get {@code sf.schema} (and {@code sf.violation} for a record that
   *     breaks only {@code NONE} rules); null when the converter was called without them
   * @return the data to use: field actions (MASK, HASH, DROP) applied
   * @throws org.apache.kafka.connect.errors.DataException naming the topic, subject version and rules when the
   *     record breaks an {@code ERROR} or {@code DLQ} rule, for Connect's {@code errors.tolerance} and
   *     dead-letter queue
   */
  SchemaAndValue check(String topic, Headers headers, String subject, int schemaId, SchemaAndValue data,
      boolean write);

  @Override
  void close();
}
