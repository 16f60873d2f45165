// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;

/**
 * How a converter names the subject a schema is registered under, as Confluent's serializers do. The config
 * value is the strategy's simple name or any fully qualified class name ending in it, so existing converter
 * configs ({@code io.confluent.kafka.serializers.subject.RecordNameStrategy}) carry over.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one schema history per topic (the default). */
  TOPIC("TopicNameStrategy"),
  /** The record's fully qualified name: one history per record type, across topics. */
  RECORD("RecordNameStrategy"),
  /** {@code <topic>-<record name>}: several record types per topic, one history each. */
  TOPIC_RECORD("TopicRecordNameStrategy");

  private final String simpleName;

  SubjectNameStrategy(String simpleName) {
    this.simpleName = simpleName;
  }

  public String simpleName() {
    return simpleName;
  }

  /** The strategy a config value names. */
  public static SubjectNameStrategy parse(String key, String value) {
    String name = value == null ? "" : value.trim();
    String simple = name.substring(name.lastIndexOf('.') + 1);
    for (SubjectNameStrategy strategy : values()) {
      if (strategy.simpleName.equalsIgnoreCase(simple) || strategy.name().equalsIgnoreCase(simple)
          || strategy.name().replace('_', '-').toLowerCase(Locale.ROOT).equals(simple.toLowerCase(Locale.ROOT))) {
        return strategy;
      }
    }
    throw new ConfigException(key, value,
        "use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy (a package prefix is allowed)");
  }

  /** Validator for the strategy keys. */
  public static ConfigDef.Validator validator() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        parse(name, (String) value);
      }

      @Override
      public String toString() {
        return "TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy (with or without a package)";
      }
    };
  }

  /**
   * The subject for a record of {@code topic}.
   *
   * @param recordName the schema's fully qualified record name, or null when it has none
   */
  public String subject(String topic, boolean isKey, String recordName, String strategyKey) {
    if (this == TOPIC) {
      return topic + (isKey ? "-key" : "-value");
    }
    if (recordName == null || recordName.isBlank()) {
      throw new DataException("The record's schema has no record name, which " + simpleName + " needs for the"
          + " subject (topic '" + topic + "'); give the Connect schema a name or set " + strategyKey
          + "=TopicNameStrategy");
    }
    return this == RECORD ? recordName : topic + "-" + recordName;
  }
}
