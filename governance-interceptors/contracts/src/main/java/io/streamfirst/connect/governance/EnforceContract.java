// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Enforces the data contract of each record's subject: the rule set (CEL, CEL_FIELD, SQL, REQUIRED and VERSION
 * conditions; MASK, HASH and DROP on tagged fields) of the newest version of the subject in the schema registry,
 * or of the contracts file. A record that breaks a rule is handled as the rule's {@code onFailure} says:
 * {@code ERROR} and (for sink connectors) {@code DLQ} fail the record with a {@link DataException} naming the rule
 * and subject version, which Connect's {@code errors.tolerance} and dead-letter queue handle; {@code DLQ} on a
 * source connector re-routes the record to the quarantine topic with the {@code sf.violation} and
 * {@code sf.schema} headers; {@code NONE} lets it pass with those headers.
 */
public class EnforceContract<R extends ConnectRecord<R>> implements Transformation<R>, Versioned {

  public static final String OVERVIEW_DOC = "Checks each record against the data contract of its subject (CEL and"
      + " SQL rules, field actions on tagged fields) from the schema registry or a contracts file.";
  public static final ConfigDef CONFIG_DEF = EnforceContractConfig.CONFIG_DEF;

  private final ContractEnforcer<R> enforcer;

  public EnforceContract() {
    this.enforcer = new ContractEnforcer<>();
  }

  EnforceContract(Function<EnforceContractConfig, SchemaRegistry> registries, Clock clock) {
    this.enforcer = new ContractEnforcer<>(registries, clock);
  }

  @Override
  public void configure(Map<String, ?> props) {
    enforcer.configure(props);
  }

  @Override
  public R apply(R record) {
    return enforcer.apply(record, false);
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public String version() {
    return PluginVersion.of(EnforceContract.class);
  }

  @Override
  public void close() {
    enforcer.close();
  }
}
