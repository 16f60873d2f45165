// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;

/**
 * The contract of one subject version, compiled once: its conditions (CEL, CEL_FIELD, SQL, REQUIRED, VERSION) and
 * its field actions (MASK, HASH, DROP on tagged fields). Conditions see the record as it arrives; the field
 * actions run after them, so a condition may check a field that is then hashed.
 */
public final class Contract {

  /** A compiled condition: a rule and how it checks a record. */
  private record Condition(Rule rule, CelRule cel, SqlRule sql, List<String> fields, Set<Integer> versions) {
  }

  private final String subject;
  private final int version;
  private final List<Condition> conditions;
  private final FieldActions actions;
  private final FieldTags tags;

  private Contract(String subject, int version, List<Condition> conditions, FieldActions actions, FieldTags tags) {
    this.subject = subject;
    this.version = version;
    this.conditions = conditions;
    this.actions = actions;
    this.tags = tags;
  }

  /**
   * Compiles the rules of {@code spec} that run on {@code side}. {@code loader} resolves the SQL engine; the
   * salt is HASH's.
   *
   * @throws ContractException naming the subject, version and rule when a rule is malformed or does not compile
   */
  public static Contract compile(ContractSpec spec, Rule.Side side, ClassLoader loader, byte[] salt) {
    String where = "Contract of subject '" + spec.subject() + "' version " + spec.versionText();
    List<Rule> rules = spec.rules(side, where);
    FieldTags tags = FieldTags.of(spec.schemaType(), spec.schemaText(), spec.metadata());
    List<Condition> conditions = new ArrayList<>();
    List<Rule> transforms = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.disabled()) {
        continue;
      }
      if (rule.isTransform()) {
        if (rule.tags().isEmpty()) {
          throw new ContractException(where + ": rule '" + rule.name() + "' (" + rule.type() + ") names no tags;"
              + " field actions apply to the fields carrying one of the rule's tags");
        }
        checkParams(rule, where);
        transforms.add(rule);
        continue;
      }
      conditions.add(switch (rule.type()) {
        case "CEL" -> new Condition(rule, CelRule.compile(rule, false, where), null, null, null);
        case "CEL_FIELD" -> new Condition(rule, CelRule.compile(rule, true, where), null, null, null);
        case "SQL" -> new Condition(rule, null, SqlRule.compile(rule, loader, where), null, null);
        case "REQUIRED" -> new Condition(rule, null, null, list(rule, "fields", where), null);
        default -> new Condition(rule, null, null, null, versions(rule, where));
      });
    }
    return new Contract(spec.subject(), spec.version(), conditions, new FieldActions(transforms, tags, salt, where),
        tags);
  }

  private static void checkParams(Rule rule, String where) {
    String keep = rule.params().get("keep.last");
    if (keep != null && !keep.matches("\\d{1,6}")) {
      throw new ContractException(where + ": rule '" + rule.name() + "': param keep.last must be a number of"
          + " characters, not '" + keep + "'");
    }
  }

  private static List<String> list(Rule rule, String param, String where) {
    String text = rule.params().getOrDefault(param, "").trim();
    if (text.isEmpty()) {
      throw new ContractException(where + ": rule '" + rule.name() + "' (" + rule.type() + ") needs params."
          + param + " (comma-separated)");
    }
    return List.of(text.split("\\s*,\\s*"));
  }

  private static Set<Integer> versions(Rule rule, String where) {
    Set<Integer> versions = new HashSet<>();
    for (String v : list(rule, "versions", where)) {
      try {
        versions.add(Integer.parseInt(v));
      } catch (NumberFormatException e) {
        throw new ContractException(where + ": rule '" + rule.name() + "' (VERSION): '" + v + "' in params.versions"
            + " is not a version number");
      }
    }
    return Set.copyOf(versions);
  }

  public String subject() {
    return subject;
  }

  /** The subject version (-1 when the contract came from the contracts file for a subject the registry lacks). */
  public int version() {
    return version;
  }

  /** {@code subject:version} (or the subject alone when the version is unknown): the value of {@code sf.schema}. */
  public String coordinates() {
    return version < 0 ? subject : subject + ":" + version;
  }

  /** The names of every condition and field action, for metrics. */
  public List<String> ruleNames() {
    List<String> names = new ArrayList<>();
    conditions.forEach(c -> names.add(c.rule().name()));
    names.addAll(actions.ruleNames());
    return names;
  }

  /** The rules the record breaks, in rule order (empty when it passes). A null value (tombstone) passes. */
  public List<Violation> check(ConnectRecord<?> record) {
    Object value = record.value();
    if (value == null || conditions.isEmpty()) {
      return List.of();
    }
    Object message = null;
    List<Violation> violations = new ArrayList<>();
    for (Condition condition : conditions) {
      String reason;
      if (condition.cel() != null && condition.rule().type().equals("CEL")) {
        message = message == null ? CelMessage.of(value) : message;
        reason = condition.cel().checkMessage(message);
      } else if (condition.cel() != null) {
        message = message == null ? CelMessage.of(value) : message;
        reason = checkFields(condition, value, message);
      } else if (condition.sql() != null) {
        reason = condition.sql().check(record);
      } else if (condition.fields() != null) {
        reason = missing(value, condition.fields());
      } else {
        reason = version(record, condition.versions());
      }
      if (reason != null) {
        violations.add(new Violation(condition.rule(), reason));
      }
    }
    return violations;
  }

  private String checkFields(Condition condition, Object value, Object message) {
    if (!(value instanceof Struct struct)) {
      return null;
    }
    for (Field field : struct.schema().fields()) {
      Set<String> fieldTags = tags.of(field.name());
      if (!condition.rule().tags().isEmpty() && Collections.disjoint(fieldTags, condition.rule().tags())) {
        continue;
      }
      String reason = condition.cel().checkField(message, CelValues.of(struct.get(field)), field.name(),
          struct.schema().name() == null ? field.name() : struct.schema().name() + "." + field.name(),
          field.schema().type().name(), List.copyOf(fieldTags));
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  private static String missing(Object value, List<String> fields) {
    List<String> absent = new ArrayList<>();
    for (String name : fields) {
      Object v = null;
      if (value instanceof Struct struct) {
        v = struct.schema().field(name) == null ? null : struct.get(name);
      } else if (value instanceof Map<?, ?> map) {
        v = map.get(name);
      }
      if (v == null) {
        absent.add(name);
      }
    }
    return absent.isEmpty() ? null : "required field(s) " + absent + " missing or null";
  }

  private static String version(ConnectRecord<?> record, Set<Integer> allowed) {
    Integer version = record.valueSchema() == null ? null : record.valueSchema().version();
    if (version == null) {
      Header header = record.headers().lastWithName(io.streamfirst.connect.common.LineageHeaders.SCHEMA);
      if (header != null && header.value() != null) {
        String text = header.value().toString();
        int colon = text.lastIndexOf(':');
        try {
          version = colon < 0 ? null : Integer.valueOf(text.substring(colon + 1));
        } catch (NumberFormatException e) {
          version = null;
        }
      }
    }
    if (version == null) {
      return "the record's schema version is unknown (no Connect schema version, no sf.schema header); allowed "
          + allowed;
    }
    return allowed.contains(version) ? null : "schema version " + version + " is not one of the allowed " + allowed;
  }

  /** The value with the field actions applied (the same object when there are none or nothing is tagged). */
  public Object applyActions(Object value) {
    if (actions.isEmpty() || value == null) {
      return value;
    }
    if (value instanceof Struct struct) {
      return actions.apply(struct);
    }
    if (value instanceof Map<?, ?> map) {
      return actions.apply(map);
    }
    return value;
  }

  /** Whether the contract has field actions. */
  public boolean hasActions() {
    return !actions.isEmpty();
  }

  public void close() {
    conditions.forEach(c -> {
      if (c.sql() != null) {
        c.sql().close();
      }
    });
  }
}
