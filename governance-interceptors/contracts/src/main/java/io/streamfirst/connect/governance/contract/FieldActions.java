// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The field actions of a contract, applied to the top-level fields carrying one of a rule's tags, in rule order:
 * <ul>
 * <li>{@code MASK}: a string becomes {@code *} repeated to its length (params {@code mask.char}, and
 * {@code keep.last}: how many trailing characters stay readable, default 0);</li>
 * <li>{@code HASH}: a string becomes the lower-case hex SHA-256 of the salt and its UTF-8 bytes, bytes the
 * 32-byte SHA-256 of the salt and the bytes;</li>
 * <li>{@code DROP}: an optional field becomes null, a required field is removed from the record's schema.</li>
 * </ul>
 * MASK and HASH on a field of another type set it to null when it is optional; on a required field of another
 * type the contract cannot be applied ({@link ContractException}). Null values stay null.
 */
final class FieldActions {

  private record Action(Rule rule, String field) {
  }

  private record Plan(Schema output, List<Action> actions) {
  }

  private final List<Rule> rules;
  private final FieldTags tags;
  private final byte[] salt;
  private final String where;
  private final Map<Schema, Plan> plans = new ConcurrentHashMap<>();

  FieldActions(List<Rule> rules, FieldTags tags, byte[] salt, String where) {
    this.rules = List.copyOf(rules);
    this.tags = tags;
    this.salt = salt.clone();
    this.where = where;
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /** The names of the rules that act on this record's fields (for metrics), in rule order. */
  List<String> ruleNames() {
    return rules.stream().map(Rule::name).toList();
  }

  /** The struct with the actions applied (a new struct when any field is tagged, else the same one). */
  Struct apply(Struct in) {
    Plan plan = plans.computeIfAbsent(in.schema(), this::plan);
    if (plan.actions().isEmpty() && plan.output() == in.schema()) {
      return in;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Field field : in.schema().fields()) {
      values.put(field.name(), in.get(field));
    }
    for (Action action : plan.actions()) {
      Field field = in.schema().field(action.field());
      values.put(action.field(), act(action.rule(), field.schema(), values.get(action.field())));
    }
    Struct out = new Struct(plan.output());
    for (Field field : plan.output().fields()) {
      out.put(field, values.get(field.name()));
    }
    return out;
  }

  /** A schemaless map with the actions applied to its tagged top-level keys. */
  Map<Object, Object> apply(Map<?, ?> in) {
    Map<Object, Object> out = new LinkedHashMap<>(in);
    for (Rule rule : rules) {
      for (Object key : new ArrayList<>(out.keySet())) {
        if (!tags.any(String.valueOf(key), rule.tags())) {
          continue;
        }
        Object value = out.get(key);
        if (rule.type().equals("DROP")) {
          out.remove(key);
        } else if (value instanceof String || value instanceof byte[] || value == null) {
          out.put(key, act(rule, value instanceof byte[] ? Schema.OPTIONAL_BYTES_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA,
              value));
        } else {
          out.put(key, null);
        }
      }
    }
    return out;
  }

  private Plan plan(Schema schema) {
    List<Action> actions = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Rule rule : rules) {
      for (Field field : schema.fields()) {
        if (removed.contains(field.name()) || !tags.any(field.name(), rule.tags())) {
          continue;
        }
        Schema.Type type = field.schema().type();
        boolean textual = type == Schema.Type.STRING || type == Schema.Type.BYTES && field.schema().name() == null;
        if (rule.type().equals("DROP") && !field.schema().isOptional()) {
          removed.add(field.name());
        } else if (!rule.type().equals("DROP") && !textual && !field.schema().isOptional()) {
          throw new ContractException(where + ": rule '" + rule.name() + "' (" + rule.type() + ") applies to field '"
              + field.name() + "' (tags " + rule.tags() + "), a required " + type + " field: " + rule.type()
              + " works on string and bytes fields (other optional fields are set to null); tag another field or"
              + " use DROP");
        } else {
          actions.add(new Action(rule, field.name()));
        }
      }
    }
    if (removed.isEmpty()) {
      return new Plan(schema, actions);
    }
    SchemaBuilder builder = SchemaBuilder.struct().name(schema.name()).version(schema.version()).doc(schema.doc());
    if (schema.parameters() != null) {
      builder.parameters(schema.parameters());
    }
    if (schema.isOptional()) {
      builder.optional();
    }
    for (Field field : schema.fields()) {
      if (!removed.contains(field.name())) {
        builder.field(field.name(), field.schema());
      }
    }
    return new Plan(builder.build(), actions);
  }

  private Object act(Rule rule, Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    boolean textual = schema.type() == Schema.Type.STRING || schema.type() == Schema.Type.BYTES;
    if (rule.type().equals("DROP") || !textual) {
      return null;
    }
    if (rule.type().equals("MASK")) {
      return mask(rule, value);
    }
    byte[] bytes = value instanceof String s
        ? s.getBytes(StandardCharsets.UTF_8)
        : value instanceof ByteBuffer b ? toArray(b) : (byte[]) value;
    byte[] digest = sha256(bytes);
    return schema.type() == Schema.Type.STRING ? HexFormat.of().formatHex(digest) : digest;
  }

  private static Object mask(Rule rule, Object value) {
    String maskChar = rule.params().getOrDefault("mask.char", "*");
    int keepLast = Integer.parseInt(rule.params().getOrDefault("keep.last", "0"));
    if (value instanceof String s) {
      int keep = Math.min(keepLast, s.length());
      return maskChar.repeat(s.length() - keep) + s.substring(s.length() - keep);
    }
    byte[] bytes = value instanceof ByteBuffer b ? toArray(b) : (byte[]) value;
    return new byte[bytes.length];
  }

  private byte[] sha256(byte[] bytes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt);
      return digest.digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new org.apache.kafka.connect.errors.ConnectException("This Java runtime has no SHA-256", e);
    }
  }

  private static byte[] toArray(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
