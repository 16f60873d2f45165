// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.registry.RegistryClientConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** The configuration of {@link EnforceContract}: the registry keys of the converters and the contract keys. */
public final class EnforceContractConfig extends AbstractConfig {

  public static final String GROUP_CONTRACTS = ContractKeys.GROUP;
  public static final String SUBJECT_NAME_STRATEGY = RegistryConverterConfig.VALUE_SUBJECT_NAME_STRATEGY;
  public static final String CONTRACTS_FILE = ContractKeys.CONTRACTS_FILE;
  public static final String HASH_SALT = ContractKeys.HASH_SALT;
  public static final String FAIL_OPEN = ContractKeys.FAIL_OPEN;
  public static final String QUARANTINE_TOPIC_FORMAT = "contract.quarantine.topic.format";

  public static final ConfigDef CONFIG_DEF = define(RegistryClientConfig.addTo(new ConfigDef()));

  public EnforceContractConfig(Map<?, ?> props) {
    super(CONFIG_DEF, props);
  }

  private static ConfigDef define(ConfigDef def) {
    int order = 0;
    def.define(SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", SubjectNameStrategy.validator(),
        Importance.MEDIUM, "Subject whose contract a record's value is checked against: TopicNameStrategy"
            + " (<topic>-value), RecordNameStrategy (the value schema's name) or TopicRecordNameStrategy"
            + " (<topic>-<record name>). Confluent's class names are accepted.",
        GROUP_CONTRACTS, ++order, Width.MEDIUM, "Subject name strategy");
    order = ContractKeys.addTo(def, order);
    def.define(QUARANTINE_TOPIC_FORMAT, Type.STRING, "${topic}.quarantine", new ConfigDef.NonEmptyString(),
        Importance.MEDIUM, "Topic a source connector's record goes to when it breaks a rule whose onFailure is DLQ"
            + " (source connectors have no dead-letter queue); ${topic} is the record's topic. Sink connectors"
            + " send such records to their dead-letter queue (errors.deadletterqueue.topic.name).",
        GROUP_CONTRACTS, ++order, Width.MEDIUM, "Quarantine topic format");
    return def;
  }

  SubjectNameStrategy subjectNameStrategy() {
    return SubjectNameStrategy.parse(SUBJECT_NAME_STRATEGY, getString(SUBJECT_NAME_STRATEGY));
  }

  byte[] salt() {
    Password salt = getPassword(HASH_SALT);
    return salt == null ? new byte[0] : salt.value().getBytes(StandardCharsets.UTF_8);
  }

  String quarantineTopic(String topic) {
    return getString(QUARANTINE_TOPIC_FORMAT).replace("${topic}", topic);
  }
}
