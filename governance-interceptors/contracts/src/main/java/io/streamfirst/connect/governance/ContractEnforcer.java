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
import io.streamfirst.connect.governance.registry.RegistryClient;
import io.streamfirst.connect.governance.registry.RegistryUnavailableException;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import io.streamfirst.connect.governance.registry.Sleeper;
import io.streamfirst.connect.governance.registry.RegistryClientConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract check of {@link EnforceContract} and {@link ContractProducerInterceptor}: the rule set of the newest
 * version of each record's subject (registry or contracts file), its conditions and field actions, the quarantine
 * topic, the {@code sf.violation}/{@code sf.schema} headers, the cache through a registry outage and the counters.
 * Not a Connect plugin itself, so that the worker jar can carry it without Connect finding a transformation on the
 * worker's class path.
 */
final class ContractEnforcer<R extends ConnectRecord<R>> {

  private static final Logger LOG = LoggerFactory.getLogger(ContractEnforcer.class);

  private final Function<EnforceContractConfig, SchemaRegistry> registries;
  private EnforceContractConfig config;
  private SchemaRegistry registry;
  private ContractSource source;
  private SubjectNameStrategy strategy;
  private byte[] salt;
  private final Map<String, Contract> compiled = new HashMap<>();
  private final Map<String, Contract> lastBySubject = new HashMap<>();
  /** Per subject in an outage: when to ask the registry again (the cached contract is enforced meanwhile). */
  private final Map<String, Instant> outageUntil = new HashMap<>();
  private final Clock clock;
  private Duration outageRecheck;

  ContractEnforcer() {
    this(config -> RegistryClient.create(config, Clock.systemUTC(), Sleeper.SYSTEM), Clock.systemUTC());
  }

  ContractEnforcer(Function<EnforceContractConfig, SchemaRegistry> registries, Clock clock) {
    this.registries = registries;
    this.clock = clock;
  }

  void configure(Map<String, ?> props) {
    config = new EnforceContractConfig(props);
    strategy = config.subjectNameStrategy();
    salt = config.salt();
    registry = registries.apply(config);
    outageRecheck = Duration.ofMillis(config.getLong(RegistryClientConfig.RETRY_BACKOFF_MAX_MS));
    source = new ContractSource(registry,
        ContractSource.readFile(config.getString(EnforceContractConfig.CONTRACTS_FILE),
            EnforceContractConfig.CONTRACTS_FILE));
  }

  /**
   * Checks a record and applies the field actions; with {@code quarantineErrors} a record breaking an {@code ERROR} rule is
   * re-routed to the quarantine topic too (the worker's producer interceptor cannot fail a send).
   */
  R apply(R record, boolean quarantineErrors) {
    if (record.value() == null) {
      return record;
    }
    Schema schema = record.valueSchema();
    String subject = strategy.subject(record.topic(), false, schema == null ? null : schema.name(),
        EnforceContractConfig.SUBJECT_NAME_STRATEGY);
    Contract contract = contract(subject, record instanceof SinkRecord ? Rule.Side.READ : Rule.Side.WRITE);
    if (contract == null) {
      return record;
    }
    List<Violation> violations = contract.check(record);
    for (String rule : contract.ruleNames()) {
      boolean broke = violations.stream().anyMatch(v -> v.rule().name().equals(rule));
      ContractMetrics.Counters counters = ContractMetrics.of(subject, rule);
      if (broke) {
        counters.violated();
      } else {
        counters.passed();
      }
    }
    ContractMetrics.Counters records = ContractMetrics.of(subject, ContractMetrics.RECORDS);
    if (violations.isEmpty()) {
      records.passed();
      return withActions(record, contract, record.topic(), null);
    }
    records.violated();
    Rule.Action action = strongest(violations);
    String described = violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
    if (action == Rule.Action.NONE) {
      return withActions(record, contract, record.topic(), described);
    }
    if (quarantineErrors || action == Rule.Action.DLQ && !(record instanceof SinkRecord)) {
      return withActions(record, contract, config.quarantineTopic(record.topic()), described);
    }
    throw new DataException("Record " + where(record) + " breaks the data contract of subject " + contract.coordinates()
        + ": " + described + " (" + LineageHeaders.VIOLATION + ", " + LineageHeaders.SCHEMA + "="
        + contract.coordinates() + "). Fix the producer or the contract; with errors.tolerance=all the record goes"
        + " to the dead-letter queue (errors.deadletterqueue.topic.name) of a sink connector");
  }

  private static Rule.Action strongest(List<Violation> violations) {
    Rule.Action strongest = Rule.Action.NONE;
    for (Violation v : violations) {
      if (v.rule().onFailure() == Rule.Action.ERROR) {
        return Rule.Action.ERROR;
      }
      if (v.rule().onFailure() == Rule.Action.DLQ) {
        strongest = Rule.Action.DLQ;
      }
    }
    return strongest;
  }

  private static String where(ConnectRecord<?> record) {
    if (record instanceof SinkRecord sink) {
      return sink.originalTopic() + "-" + sink.originalKafkaPartition() + "@" + sink.originalKafkaOffset();
    }
    return "for topic " + record.topic() + (record.kafkaPartition() == null ? "" : "-" + record.kafkaPartition());
  }

  private R withActions(R record, Contract contract, String topic, String violation) {
    Object value = contract.applyActions(record.value());
    Schema schema = value instanceof Struct struct ? struct.schema() : record.valueSchema();
    Headers headers = record.headers().duplicate();
    headers.remove(LineageHeaders.SCHEMA);
    headers.addString(LineageHeaders.SCHEMA, contract.coordinates());
    if (violation != null) {
      headers.remove(LineageHeaders.VIOLATION);
      headers.addString(LineageHeaders.VIOLATION, violation);
    }
    return record.newRecord(topic, topic.equals(record.topic()) ? record.kafkaPartition() : null,
        record.keySchema(), record.key(), schema, value, record.timestamp(), headers);
  }

  private Contract contract(String subject, Rule.Side side) {
    Instant now = clock.instant();
    Instant until = outageUntil.get(subject);
    if (until != null && now.isBefore(until)) {
      // In an outage: do not spend the registry client's retries on every record.
      Contract last = lastBySubject.get(subject);
      if (last != null || config.getBoolean(EnforceContractConfig.FAIL_OPEN)) {
        if (last == null) {
          ContractMetrics.of(subject, ContractMetrics.UNCHECKED).passed();
        }
        return last;
      }
    }
    ContractSpec spec;
    try {
      spec = source.latest(subject);
      if (outageUntil.remove(subject) != null) {
        LOG.info("Schema registry reachable again for subject '{}'", subject);
      }
    } catch (RegistryUnavailableException e) {
      boolean first = outageUntil.put(subject, now.plus(outageRecheck)) == null;
      Contract last = lastBySubject.get(subject);
      if (last != null) {
        if (first) {
          LOG.warn("Schema registry unavailable; enforcing the cached contract {} until it is back (asking again"
              + " every {} ms): {}", last.coordinates(), outageRecheck.toMillis(), e.getMessage());
        }
        return last;
      }
      if (config.getBoolean(EnforceContractConfig.FAIL_OPEN)) {
        if (first) {
          LOG.warn("Schema registry unavailable and no contract of subject '{}' fetched yet; records pass unchecked"
              + " ({}=true): {}", subject, EnforceContractConfig.FAIL_OPEN, e.getMessage());
        }
        ContractMetrics.of(subject, ContractMetrics.UNCHECKED).passed();
        return null;
      }
      throw new RegistryUnavailableException("No contract of subject '" + subject + "' can be fetched: "
          + e.getMessage() + ". Records are not let through unchecked (fail closed; set "
          + EnforceContractConfig.FAIL_OPEN + "=true to let them pass while the registry is down)", e);
    }
    if (spec == null || !spec.hasRules()) {
      return null;
    }
    String key = spec.subject() + '\u0000' + spec.version() + '\u0000' + side;
    Contract contract = compiled.get(key);
    if (contract == null) {
      contract = Contract.compile(spec, side, ContractEnforcer.class.getClassLoader(), salt);
      compiled.put(key, contract);
      LOG.info("Enforcing the contract of subject {} ({} rules: {})", contract.coordinates(),
          contract.ruleNames().size(), contract.ruleNames());
    }
    lastBySubject.put(subject, contract);
    return contract;
  }

  void close() {
    compiled.values().forEach(Contract::close);
    compiled.clear();
    if (registry != null) {
      registry.close();
    }
  }
}
