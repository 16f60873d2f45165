// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One domain rule in Confluent's rule-set format: {@code name}, {@code kind} (CONDITION or TRANSFORM),
 * {@code type}, {@code mode}, {@code expr}, {@code tags}, {@code params}, {@code onFailure}, {@code disabled}.
 *
 * @param onFailure the action for the side this rule runs on (already split from {@code "ERROR,NONE"} pairs)
 */
public record Rule(String name, String kind, String type, String mode, String expr, Set<String> tags,
    Map<String, String> params, Action onFailure, boolean disabled) {

  /** What happens to a record that breaks the rule. */
  public enum Action {
    ERROR, DLQ, NONE
  }

  /** The side a rule runs on: records written to Kafka (source connectors) or read from it (sink connectors). */
  public enum Side {
    WRITE, READ
  }

  static final Set<String> CONDITION_TYPES = Set.of("CEL", "CEL_FIELD", "SQL", "REQUIRED", "VERSION");
  static final Set<String> TRANSFORM_TYPES = Set.of("MASK", "HASH", "DROP");

  /** Parses one rule; null when it does not run on {@code side} (its mode is the other side, or a migration). */
  static Rule parse(JsonNode node, Side side, String where) {
    String name = node.path("name").asText("");
    if (name.isBlank()) {
      throw new ContractException(where + ": a domain rule has no name");
    }
    String at = where + " rule '" + name + "'";
    String kind = node.path("kind").asText("CONDITION").toUpperCase(Locale.ROOT);
    String type = node.path("type").asText("").toUpperCase(Locale.ROOT);
    String mode = node.path("mode").asText("WRITEREAD").toUpperCase(Locale.ROOT);
    boolean write = mode.equals("WRITE") || mode.equals("WRITEREAD");
    boolean read = mode.equals("READ") || mode.equals("WRITEREAD");
    if (!write && !read) {
      if (Set.of("UPGRADE", "DOWNGRADE", "UPDOWN").contains(mode)) {
        return null;
      }
      throw new ContractException(at + ": unknown mode '" + mode + "' (WRITE, READ or WRITEREAD)");
    }
    if (side == Side.WRITE ? !write : !read) {
      return null;
    }
    boolean known = kind.equals("CONDITION")
        ? CONDITION_TYPES.contains(type)
        : kind.equals("TRANSFORM") && TRANSFORM_TYPES.contains(type);
    if (!known) {
      throw new ContractException(at + ": kind " + kind + " with type '" + type + "' is not supported; conditions: "
          + CONDITION_TYPES + ", transforms on tagged fields: " + TRANSFORM_TYPES);
    }
    List<String> tags = new ArrayList<>();
    node.path("tags").forEach(tag -> tags.add(tag.asText()));
    Map<String, String> params = new LinkedHashMap<>();
    node.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
    Action action = action(node.path("onFailure").asText("ERROR"), mode, side, at);
    return new Rule(name, kind, type, mode, node.path("expr").asText(""), Set.copyOf(tags), Map.copyOf(params),
        action, node.path("disabled").asBoolean(false));
  }

  private static Action action(String text, String mode, Side side, String at) {
    String[] parts = text.split(",");
    String chosen = parts[0];
    if (parts.length == 2 && mode.equals("WRITEREAD")) {
      chosen = side == Side.WRITE ? parts[0] : parts[1];
    } else if (parts.length > 1) {
      throw new ContractException(at + ": onFailure '" + text + "' names two actions; only a WRITEREAD rule may");
    }
    try {
      return Action.valueOf(chosen.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ContractException(at + ": onFailure '" + chosen.trim() + "' is not ERROR, DLQ or NONE");
    }
  }

  boolean isTransform() {
    return kind.equals("TRANSFORM");
  }
}
