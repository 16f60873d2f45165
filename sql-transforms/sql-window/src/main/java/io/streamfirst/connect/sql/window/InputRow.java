// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One input record after the input statement: its event time, aggregate arguments, and the record
 * as it was read (key and value bytes, timestamp, position), so a late record can be written to the
 * late-data topic unchanged after the repartition. A tick row carries only a time (see
 * {@link StreamTimeGate}); {@code violation} is set on rows found late.
 */
record InputRow(boolean tick, long eventTime, long timestamp, String topic, int partition, long offset, byte[] key,
    byte[] value, Map<String, TypedValue> arguments, String violation) {

  static InputRow tick(long time) {
    return new InputRow(true, time, time, "", -1, -1, null, null, Map.of(), null);
  }

  /** This row, marked late for {@code reason} (never serialized: late rows go straight to the late-data topic). */
  InputRow late(String reason) {
    return new InputRow(tick, eventTime, timestamp, topic, partition, offset, key, value, arguments, reason);
  }

  static byte[] groupKey(List<TypedValue> group) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (TypedValue value : group) {
        value.write(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<TypedValue> group(byte[] key, int columns) {
    List<TypedValue> group = new ArrayList<>(columns);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(key))) {
      for (int i = 0; i < columns; i++) {
        group.add(TypedValue.read(in));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return group;
  }

  static Serde<InputRow> serde() {
    Serializer<InputRow> serializer = (topic, row) -> row == null ? null : row.toBytes();
    Deserializer<InputRow> deserializer = (topic, data) -> data == null ? null : fromBytes(data);
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeBoolean(tick);
      out.writeLong(eventTime);
      out.writeLong(timestamp);
      out.writeUTF(topic);
      out.writeInt(partition);
      out.writeLong(offset);
      writeNullable(out, key);
      writeNullable(out, value);
      out.writeInt(arguments.size());
      for (Map.Entry<String, TypedValue> argument : arguments.entrySet()) {
        out.writeUTF(argument.getKey());
        argument.getValue().write(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static InputRow fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      boolean tick = in.readBoolean();
      long eventTime = in.readLong();
      long timestamp = in.readLong();
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      byte[] key = readNullable(in);
      byte[] value = readNullable(in);
      int count = in.readInt();
      Map<String, TypedValue> arguments = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        arguments.put(in.readUTF(), TypedValue.read(in));
      }
      return new InputRow(tick, eventTime, timestamp, topic, partition, offset, key, value, arguments, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeNullable(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeBoolean(bytes != null);
    if (bytes != null) {
      TypedValue.writeBytes(out, bytes);
    }
  }

  private static byte[] readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? TypedValue.readBytes(in) : null;
  }
}
