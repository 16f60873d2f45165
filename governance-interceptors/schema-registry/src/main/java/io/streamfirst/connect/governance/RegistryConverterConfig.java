// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.registry.RegistryClientConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Settings of {@link AvroConverter} and {@link JsonSchemaConverter}: the registry connection
 * ({@link RegistryClientConfig}) and how schemas are found. Keys keep the names of Confluent's converters
 * ({@code auto.register.schemas}, {@code use.latest.version}, {@code *.subject.name.strategy}) so existing
 * configs carry over, though they do not end in {@code .enabled}.
 */
public final class RegistryConverterConfig extends AbstractConfig {

  public static final String GROUP_SUBJECTS = "Subjects and versions";
  public static final String AUTO_REGISTER = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  public static final ConfigDef CONFIG_DEF = define(RegistryClientConfig.addTo(new ConfigDef()));

  private final boolean isKey;

  public RegistryConverterConfig(Map<String, ?> props, boolean isKey) {
    super(CONFIG_DEF, props, false);
    this.isKey = isKey;
  }

  private static ConfigDef define(ConfigDef def) {
    int order = 0;
    def.define(AUTO_REGISTER, Type.BOOLEAN, true, Importance.HIGH,
        "Register the schema of each record written (Connect to Kafka) under its subject when it is not"
            + " registered yet. Off: the schema must already be registered under the subject, else the record"
            + " fails with an error naming the subject. Ignored with " + USE_LATEST_VERSION + "=true.",
        GROUP_SUBJECTS, ++order, Width.SHORT, "Auto-register schemas");
    def.define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.MEDIUM,
        "Write every record with the newest registered version of its subject (fetched again after "
            + RegistryClientConfig.LATEST_CACHE_TTL_MS + ") instead of the schema derived from the record;"
            + " fields the record lacks take the schema's defaults. For producers whose schemas are governed in"
            + " the registry rather than derived from the data.",
        GROUP_SUBJECTS, ++order, Width.SHORT, "Use latest version");
    def.define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", SubjectNameStrategy.validator(),
        Importance.MEDIUM, "Subject of key schemas: TopicNameStrategy (<topic>-key), RecordNameStrategy (the"
            + " record's full name) or TopicRecordNameStrategy (<topic>-<record name>). Confluent's class names"
            + " are accepted.",
        GROUP_SUBJECTS, ++order, Width.MEDIUM, "Key subject name strategy");
    def.define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", SubjectNameStrategy.validator(),
        Importance.MEDIUM, "Subject of value schemas: TopicNameStrategy (<topic>-value), RecordNameStrategy (the"
            + " record's full name) or TopicRecordNameStrategy (<topic>-<record name>). Confluent's class names"
            + " are accepted.",
        GROUP_SUBJECTS, ++order, Width.MEDIUM, "Value subject name strategy");
    def.define(ContractKeys.ENABLED, Type.BOOLEAN, false, Importance.HIGH,
        "Check every record this converter reads or writes against the data contract of its subject (CEL and SQL"
            + " conditions, required fields, allowed versions, MASK/HASH/DROP on tagged fields), as the"
            + " EnforceContract transformation does, with the rule set of the schema version the record is written"
            + " with (the schema id in its bytes). A record breaking an ERROR or DLQ rule fails with a DataException"
            + " naming the topic, subject version and rules, which Connect's errors.tolerance and dead-letter queue"
            + " handle; NONE rules pass it with sf.violation. SQL rules need the sql-transforms plugin family on the"
            + " worker's plugin.path too. The other contract.* keys and contracts.file are those of EnforceContract.",
        ContractKeys.GROUP, 1, Width.SHORT, "Enforce data contracts");
    ContractKeys.addTo(def, 1);
    return def;
  }

  public boolean isKey() {
    return isKey;
  }

  public boolean autoRegister() {
    return getBoolean(AUTO_REGISTER);
  }

  public boolean contractEnabled() {
    return getBoolean(ContractKeys.ENABLED);
  }

  public boolean useLatestVersion() {
    return getBoolean(USE_LATEST_VERSION);
  }

  /** The key that configures {@link #subjectNameStrategy()}, for messages. */
  public String subjectNameStrategyKey() {
    return isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
  }

  public SubjectNameStrategy subjectNameStrategy() {
    return SubjectNameStrategy.parse(subjectNameStrategyKey(), getString(subjectNameStrategyKey()));
  }
}
