// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import java.util.List;
import java.util.Optional;

/**
 * The schema registry operations the converters need, so that they can be tested without a server.
 * {@link RegistryClient} implements it over the Confluent Schema Registry REST API.
 *
 * <p>Transient failures (the registry cannot be reached, answers 5xx or 429) surface as
 * {@link RegistryUnavailableException} once the client's retries are spent; everything else the registry
 * rejects as {@link RegistryRequestException}.
 */
public interface SchemaRegistry extends AutoCloseable {

  /** The schema with this id. Ids never change meaning, so a fetched schema is kept for good. */
  RegisteredSchema schemaById(int id);

  /** The newest version of the subject (cached for the client's latest-version TTL). */
  RegisteredSchema latest(String subject);

  /** Registers the schema under the subject (or finds it registered) and returns its id. */
  int register(String subject, SchemaText schema);

  /** The version of the subject whose schema equals this one, if any. */
  Optional<RegisteredSchema> lookup(String subject, SchemaText schema);

  /** All subjects. */
  List<String> subjects();

  @Override
  void close();
}
