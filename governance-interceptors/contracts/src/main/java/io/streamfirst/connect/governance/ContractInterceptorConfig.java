// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Settings of {@link ContractProducerInterceptor}, read from the producer's config: on a Connect worker every key
 * is set as {@code producer.streamfirst.contract.<key>}. The keys are those of {@link EnforceContract} under the
 * prefix {@value #PREFIX}, plus which topics are governed and how a record's value bytes are read.
 */
public final class ContractInterceptorConfig extends AbstractConfig {

  public static final String PREFIX = "streamfirst.contract.";
  public static final String TOPICS = PREFIX + "topics";
  public static final String VALUE_CONVERTER = PREFIX + "value.converter";
  public static final String SQL_PLUGIN_PATH = PREFIX + "sql.plugin.path";
  private static final String GROUP = "Worker interceptor";

  public static final ConfigDef CONFIG_DEF = define();

  public ContractInterceptorConfig(Map<?, ?> props) {
    super(CONFIG_DEF, props);
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    def.define(TOPICS, Type.LIST, List.of(), Importance.HIGH,
        "Topics whose records are checked against the contract of their subject, comma-separated. Records to any"
            + " other topic (the quarantine topics included) pass untouched. Empty: nothing is checked.",
        GROUP, 1, Width.LONG, "Governed topics");
    def.define(VALUE_CONVERTER, Type.CLASS, "org.apache.kafka.connect.json.JsonConverter", Importance.HIGH,
        "Converter that reads a record's value bytes into Connect data for the check and writes them back after"
            + " field actions: the value.converter of the connectors producing to the governed topics (the worker's"
            + " value.converter unless a connector overrides it). Its settings are given under "
            + VALUE_CONVERTER + ".<key> (schemas.enable for JsonConverter). A value it cannot read is quarantined.",
        GROUP, 2, Width.LONG, "Value converter");
    def.define(SQL_PLUGIN_PATH, Type.STRING, "", Importance.MEDIUM,
        "The worker's plugin.path (the same value), for contracts with SQL rules: the interceptor finds the"
            + " sql-transforms plugin family there and loads its SQL engine in a class loader of its own, isolated"
            + " as Connect isolates the plugin. Empty: SQL rules run only if the engine is on the worker's class"
            + " path (else each record of such a contract is quarantined as unchecked, naming the rule).",
        GROUP, 3, Width.LONG, "Plugin path for SQL rules");
    for (ConfigKey key : EnforceContractConfig.CONFIG_DEF.configKeys().values()) {
      def.define(new ConfigKey(PREFIX + key.name, key.type, key.defaultValue, key.validator, key.importance,
          key.documentation, key.group, key.orderInGroup, key.width, key.displayName, List.of(), null, false));
    }
    return def;
  }

  /** The settings of the contract check itself, without the prefix, for {@link EnforceContract}. */
  Map<String, Object> contractProps() {
    return new HashMap<>(originalsWithPrefix(PREFIX));
  }

  Map<String, Object> converterProps() {
    return new HashMap<>(originalsWithPrefix(VALUE_CONVERTER + "."));
  }
}
