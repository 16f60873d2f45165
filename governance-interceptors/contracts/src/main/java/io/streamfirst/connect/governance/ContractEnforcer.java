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
  /** Per side, per subject: the contract resolved last and until when it is reused without asking the source. */
  private final Map<String, ResolvedContract> resolvedWrite = new HashMap<>();
  private final Map<String, ResolvedContract> resolvedRead = new HashMap<>();
  private long latestTtlMillis;
  /** Where SQL rules find the SQL engine: this class's loader, or the SQL transforms plugin's (the interceptor). */
  private ClassLoader sqlLoader = ContractEnforcer.class.getClassLoader();
  private String lastTopic;
  private String lastTopicSubject;
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
    registry = config.hasRegistry() ? registries.apply(config) : null;
    outageRecheck = Duration.ofMillis(config.getLong(RegistryClientConfig.RETRY_BACKOFF_MAX_MS));
    latestTtlMillis = config.getLong(RegistryClientConfig.LATEST_CACHE_TTL_MS);
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
    String subject = subject(record);
    ResolvedContract resolved = resolve(subject, record instanceof SinkRecord ? Rule.Side.READ : Rule.Side.WRITE);
    if (resolved.contract() == null) {
      return record;
    }
    Contract contract = resolved.contract();
    List<Violation> violations = contract.check(record);
    resolved.count(violations);
    if (violations.isEmpty()) {
      return withActions(record, contract, record.topic(), null);
    }
    Rule.Action action = Violation.strongest(violations);
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

  /** The record's subject; with the topic strategy computed once per topic, not per record. */
  private String subject(R record) {
    Schema schema = record.valueSchema();
    if (strategy == SubjectNameStrategy.TOPIC) {
      if (!record.topic().equals(lastTopic)) {
        lastTopicSubject = strategy.subject(record.topic(), false, null, EnforceContractConfig.SUBJECT_NAME_STRATEGY);
        lastTopic = record.topic();
      }
      return lastTopicSubject;
    }
    return strategy.subject(record.topic(), false, schema == null ? null : schema.name(),
        EnforceContractConfig.SUBJECT_NAME_STRATEGY);
  }

  /**
   * The contract of a subject: reused without asking the registry (or building the spec again) until
   * {@code latest.cache.ttl.ms} after it was fetched; a subject without rules (or only in neither the registry nor
   * the file) is remembered as such for as long.
   */
  private ResolvedContract resolve(String subject, Rule.Side side) {
    Map<String, ResolvedContract> cache = side == Rule.Side.READ ? resolvedRead : resolvedWrite;
    ResolvedContract resolved = cache.get(subject);
    long now = clock.millis();
    if (resolved != null && now < resolved.until()) {
      return resolved;
    }
    boolean[] fresh = new boolean[1];
    Contract contract = contract(subject, side, fresh);
    if (resolved == null || resolved.contract() != contract) {
      resolved = ResolvedContract.of(subject, contract, 0);
    }
    if (fresh[0]) {
      long until = latestTtlMillis < 0 ? Long.MAX_VALUE : now + latestTtlMillis;
      resolved = resolved.until(until);
      cache.put(subject, resolved);
    } else {
      cache.remove(subject);
    }
    return resolved;
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

  private Contract contract(String subject, Rule.Side side, boolean[] fresh) {
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
    fresh[0] = true;
    if (spec == null || !spec.hasRules()) {
      return null;
    }
    String key = spec.subject() + '\u0000' + spec.version() + '\u0000' + side;
    Contract contract = compiled.get(key);
    if (contract == null) {
      contract = Contract.compile(spec, side, sqlLoader, salt);
      compiled.put(key, contract);
      LOG.info("Enforcing the contract of subject {} ({} rules: {})", contract.coordinates(),
          contract.ruleNames().size(), contract.ruleNames());
    }
    lastBySubject.put(subject, contract);
    return contract;
  }

  /** The class loader SQL rules load the SQL engine from (before {@link #configure}). */
  void sqlLoader(ClassLoader loader) {
    this.sqlLoader = loader;
  }

  void close() {
    resolvedRead.clear();
    resolvedWrite.clear();
    compiled.values().forEach(Contract::close);
    compiled.clear();
    if (registry != null) {
      registry.close();
    }
  }
}
