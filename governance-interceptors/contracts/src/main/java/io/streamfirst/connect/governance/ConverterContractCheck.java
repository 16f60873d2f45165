// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.common.LineageHeaders;
import io.streamfirst.connect.governance.contract.Contract;
import io.streamfirst.connect.governance.contract.ContractMetrics;
import io.streamfirst.connect.governance.contract.ContractSource;
import io.streamfirst.connect.governance.contract.ContractSpec;
import io.streamfirst.connect.governance.contract.Rule;
import io.streamfirst.connect.governance.contract.Violation;
import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import io.streamfirst.connect.governance.registry.SchemaText;
import io.streamfirst.connect.governance.spi.ConverterContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract check of {@link AvroConverter} and {@link JsonSchemaConverter} with {@code contract.enabled=true}:
 * the rule set of the subject version a record is written with (its schema id, looked up under the subject once
 * per id), from the registry or the contracts file. A record breaking an {@code ERROR} or {@code DLQ} rule fails
 * with a {@link DataException} (Connect's {@code errors.tolerance} and dead-letter queue handle it: a converter
 * cannot re-route a record); one breaking only {@code NONE} rules passes with {@code sf.violation}. Every checked
 * record gets {@code sf.schema}; field actions apply to what the converter returns (reading) or writes.
 */
public final class ConverterContractCheck implements ConverterContract {

  private static final Logger LOG = LoggerFactory.getLogger(ConverterContractCheck.class);

  private record Key(String subject, int schemaId, boolean write) {
  }

  private final Map<Key, ResolvedContract> byKey = new ConcurrentHashMap<>();
  private SchemaRegistry registry;
  private ContractSource source;
  private byte[] salt;
  private boolean failOpen;
  private volatile boolean warnedOpen;

  @Override
  public void configure(Map<String, ?> configs, SchemaRegistry registry) {
    RegistryConverterConfig config = new RegistryConverterConfig(configs, false);
    this.registry = registry;
    this.source = new ContractSource(registry,
        ContractSource.readFile(config.getString(ContractKeys.CONTRACTS_FILE), ContractKeys.CONTRACTS_FILE));
    Password password = config.getPassword(ContractKeys.HASH_SALT);
    this.salt = password == null ? new byte[0] : password.value().getBytes(StandardCharsets.UTF_8);
    this.failOpen = config.getBoolean(ContractKeys.FAIL_OPEN);
  }

  @Override
  public SchemaAndValue check(String topic, Headers headers, String subject, int schemaId, SchemaAndValue data,
      boolean write) {
    if (data.value() == null) {
      return data;
    }
    Key key = new Key(subject, schemaId, write);
    ResolvedContract resolved = byKey.get(key);
    if (resolved == null) {
      try {
        resolved = resolve(key);
      } catch (RegistryUnavailableException e) {
        if (failOpen) {
          if (!warnedOpen) {
            warnedOpen = true;
            LOG.warn("Schema registry unavailable and no contract of subject '{}' schema id {} fetched yet; records"
                + " pass unchecked ({}=true): {}", subject, schemaId, ContractKeys.FAIL_OPEN, e.getMessage());
          }
          ContractMetrics.of(subject, ContractMetrics.UNCHECKED).passed();
          return data;
        }
        throw new RegistryUnavailableException("No contract of subject '" + subject + "' (schema id " + schemaId
            + ") can be fetched for a record of topic '" + topic + "': " + e.getMessage() + ". Records are not let"
            + " through unchecked (fail closed; set " + ContractKeys.FAIL_OPEN + "=true to let them pass while the"
            + " registry is down)", e);
      }
      byKey.put(key, resolved);
    }
    Contract contract = resolved.contract();
    if (contract == null) {
      return data;
    }
    ConnectHeaders known = new ConnectHeaders();
    known.addString(LineageHeaders.SCHEMA, contract.coordinates());
    List<Violation> violations = contract.check(new SourceRecord(null, null, topic, null, null, null, data.schema(),
        data.value(), null, known));
    resolved.count(violations);
    String described = null;
    if (!violations.isEmpty()) {
      described = violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
      if (Violation.strongest(violations) != Rule.Action.NONE) {
        throw new DataException("A record " + (write ? "written to" : "read from") + " topic '" + topic + "' with"
            + " schema id " + schemaId + " breaks the data contract of subject " + contract.coordinates() + ": "
            + described + " (" + LineageHeaders.VIOLATION + ", " + LineageHeaders.SCHEMA + "="
            + contract.coordinates() + "). Fix the producer or the contract; with errors.tolerance=all Connect"
            + " skips the record (source connectors) or sends it to the dead-letter queue"
            + " (errors.deadletterqueue.topic.name, sink connectors)");
      }
    }
    if (headers != null) {
      put(headers, LineageHeaders.SCHEMA, contract.coordinates());
      put(headers, LineageHeaders.VIOLATION, described);
    }
    Object value = contract.applyActions(data.value());
    if (value == data.value()) {
      return data;
    }
    Schema schema = value instanceof Struct struct ? struct.schema() : data.schema();
    return new SchemaAndValue(schema, value);
  }

  /** The contract of the subject version with this schema id (the newest version's when it is not one). */
  private ResolvedContract resolve(Key key) {
    RegisteredSchema schema = registry.schemaById(key.schemaId());
    Optional<RegisteredSchema> version = registry.lookup(key.subject(),
        new SchemaText(schema.schemaType(), schema.schema(), null, null));
    ContractSpec spec = version.isPresent()
        ? source.of(key.subject(), version.get())
        : source.latest(key.subject());
    if (spec == null || !spec.hasRules()) {
      return ResolvedContract.of(key.subject(), null, Long.MAX_VALUE);
    }
    Contract contract = Contract.compile(spec, key.write() ? Rule.Side.WRITE : Rule.Side.READ,
        ConverterContractCheck.class.getClassLoader(), salt);
    LOG.info("Converter enforcing the contract of subject {} for schema id {} ({} rules: {})",
        contract.coordinates(), key.schemaId(), contract.ruleNames().size(), contract.ruleNames());
    return ResolvedContract.of(key.subject(), contract, Long.MAX_VALUE);
  }

  private static void put(Headers headers, String name, String value) {
    if (value != null) {
      headers.remove(name);
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    byKey.values().forEach(r -> {
      if (r.contract() != null) {
        r.contract().close();
      }
    });
    byKey.clear();
  }
}
