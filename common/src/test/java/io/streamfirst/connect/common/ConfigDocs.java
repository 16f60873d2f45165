// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as the Markdown config reference that each module's README carries
 * between {@value #BEGIN_MARKER} and {@value #END_MARKER}, so the docs never drift from the code.
 *
 * <p>Test tooling: it ships in {@code streamfirst-common}'s test jar (classifier {@code tests}), which
 * each module's {@code ConfigReferenceTest} uses with test scope; no plugin directory carries it.
 */
public final class ConfigDocs {

  public static final String BEGIN_MARKER = "<!-- config-reference:begin -->";
  public static final String END_MARKER = "<!-- config-reference:end -->";

  private ConfigDocs() {}

  /** One Markdown table row per key, in the definition's group and order. */
  public static String markdown(ConfigDef def) {
    StringBuilder out = new StringBuilder();
    out.append("| key | type | default | valid values | importance | description |\n");
    out.append("|---|---|---|---|---|---|\n");
    List<ConfigDef.ConfigKey> keys = new ArrayList<>(def.configKeys().values());
    for (ConfigDef.ConfigKey key : keys) {
      out.append("| `").append(key.name).append("` | ")
          .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
          .append(defaultValue(key)).append(" | ")
          .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
          .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
          .append(cell(key.documentation)).append(" |\n");
    }
    return out.toString();
  }

  /**
   * Replaces the text between the markers in {@code readme} with the rendered reference.
   *
   * @throws IllegalArgumentException when the README lacks the markers
   */
  public static String replaceReference(String readme, ConfigDef def) {
    return replaceReference(readme, def, "config-reference");
  }

  /**
   * Replaces the text between {@code <!-- section:begin -->} and {@code <!-- section:end -->}, for
   * READMEs that document several classes.
   */
  public static String replaceReference(String readme, ConfigDef def, String section) {
    String beginMarker = "<!-- " + section + ":begin -->";
    String endMarker = "<!-- " + section + ":end -->";
    int begin = readme.indexOf(beginMarker);
    int end = readme.indexOf(endMarker);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "README has no config reference section: add the lines " + beginMarker + " and " + endMarker);
    }
    return readme.substring(0, begin + beginMarker.length()) + "\n" + markdown(def) + readme.substring(end);
  }

  /**
   * Checks that the README at {@code readme} carries the current reference for {@code def} in
   * {@code section}. With the system property {@code streamfirst.docs.update=true} a stale README
   * is rewritten instead (run {@code mvn test -Dstreamfirst.docs.update=true} after changing a ConfigDef).
   *
   * @return null when the README is current (or was rewritten), else a message saying how to fix it
   */
  public static String checkReadme(java.nio.file.Path readme, ConfigDef def, String section)
      throws java.io.IOException {
    String current = java.nio.file.Files.readString(readme);
    String expected = replaceReference(current, def, section);
    if (expected.equals(current)) {
      return null;
    }
    if (Boolean.getBoolean("streamfirst.docs.update")) {
      java.nio.file.Files.writeString(readme, expected);
      return null;
    }
    return "The config reference (" + section + ") in " + readme + " is stale: run the tests once with"
        + " -Dstreamfirst.docs.update=true and commit the README.";
  }

  /** {@link #checkReadme(java.nio.file.Path, ConfigDef, String)} for the default section. */
  public static String checkReadme(java.nio.file.Path readme, ConfigDef def) throws java.io.IOException {
    return checkReadme(readme, def, "config-reference");
  }

  private static String defaultValue(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    Object value = key.defaultValue;
    if (value == null) {
      return "null";
    }
    if (value instanceof Password) {
      return "[hidden]";
    }
    String text = value instanceof List<?> list
        ? String.join(",", list.stream().map(String::valueOf).toList())
        : String.valueOf(value);
    return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
  }

  private static String cell(String text) {
    return text == null
        ? ""
        : text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", " ").trim();
  }
}
