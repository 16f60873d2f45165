// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import static io.streamfirst.connect.clickhouse.ClickHouseSinkConfig.BATCH_MAX_RECORDS;
import static io.streamfirst.connect.clickhouse.ClickHouseSinkConfig.SETTINGS_PREFIX;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/** The {@value ClickHouseSinkConfig#SETTINGS_PREFIX}* pass-through, checked against what batch atomicity needs. */
final class ServerSettings {

  private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ServerSettings() {}

  /**
   * The settings without the prefix; names checked, and settings that would make an insert
   * non-atomic, acknowledged before it lands, or drop rows silently refused. The values may be
   * credentials: they go to the server only, never into a message or a log.
   *
   * @param prefixed        the configuration's entries under the prefix, without it
   * @param batchMaxRecords the configured {@value ClickHouseSinkConfig#BATCH_MAX_RECORDS}
   */
  static Map<String, String> of(Map<String, Object> prefixed, int batchMaxRecords) {
    Map<String, String> out = new LinkedHashMap<>();
    prefixed.forEach((name, value) -> {
      if (!SETTING_NAME.matcher(name).matches()) {
        // settings values may be credentials: never part of a message
        throw new ConfigException(SETTINGS_PREFIX + name, "[hidden]",
            "is not a ClickHouse setting name (letters, digits and underscores only)");
      }
      String text = String.valueOf(value).strip();
      checkSetting(name, text, batchMaxRecords);
      out.put(name, text);
    });
    return out;
  }

  /** Refuses a setting value that breaks what the exactly-once design relies on, naming the key. */
  private static void checkSetting(String name, String value, int batchMaxRecords) {
    String key = SETTINGS_PREFIX + name;
    switch (name) {
      case "async_insert" -> {
        if (!isOff(value)) {
          throw new ConfigException(key, value, "asynchronous inserts are acknowledged before they land and are"
              + " merged with other clients' data, so a batch is no longer atomic and the sink could not tell"
              + " whether it landed; remove the key or set it to 0");
        }
      }
      case "max_insert_block_size" -> {
        Long rows = parseLong(value);
        if (rows == null || rows < batchMaxRecords) {
          throw new ConfigException(key, value, "an insert larger than this is split into several blocks, which"
              + " are not atomic together; set it to at least " + BATCH_MAX_RECORDS + " (" + batchMaxRecords
              + ") or lower " + BATCH_MAX_RECORDS);
        }
      }
      case "input_format_parallel_parsing" -> {
        if (!isOff(value)) {
          throw new ConfigException(key, value, "parallel parsing splits an insert into several blocks, which are"
              + " not atomic together; remove the key or set it to 0");
        }
      }
      case "input_format_allow_errors_num", "input_format_allow_errors_ratio" -> {
        if (!isZero(value)) {
          throw new ConfigException(key, value, "rows the server cannot parse would be dropped silently instead of"
              + " failing; remove the key or set it to 0 (records that do not fit go to the dead-letter queue)");
        }
      }
      case "insert_deduplicate" -> {
        if (isOff(value)) {
          throw new ConfigException(key, value, "the sink's de-duplication token relies on it; remove the key");
        }
      }
      case "insert_deduplication_token" -> throw new ConfigException(key, value,
          "the sink sets the de-duplication token of each insert itself; remove the key");
      default -> {}
    }
  }

  private static boolean isOff(String value) {
    return "0".equals(value) || "false".equalsIgnoreCase(value);
  }

  private static boolean isZero(String value) {
    try {
      return Double.parseDouble(value) == 0.0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
