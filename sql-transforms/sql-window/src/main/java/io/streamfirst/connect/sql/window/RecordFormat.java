// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.storage.Converter;

/** The converters that read input records and write results: one pair of instances per processor. */
final class RecordFormat {

  private final Class<?> keyConverter;
  private final Map<String, Object> keyConfig;
  private final Class<?> valueConverter;
  private final Map<String, Object> valueConfig;

  RecordFormat(Class<?> keyConverter, Map<String, Object> keyConfig, Class<?> valueConverter,
      Map<String, Object> valueConfig) {
    this.keyConverter = keyConverter;
    this.keyConfig = new HashMap<>(keyConfig);
    this.valueConverter = valueConverter;
    this.valueConfig = new HashMap<>(valueConfig);
  }

  Converter keyConverter() {
    Converter converter = (Converter) Utils.newInstance(keyConverter);
    converter.configure(keyConfig, true);
    return converter;
  }

  Converter valueConverter() {
    Converter converter = (Converter) Utils.newInstance(valueConverter);
    converter.configure(valueConfig, false);
    return converter;
  }
}
