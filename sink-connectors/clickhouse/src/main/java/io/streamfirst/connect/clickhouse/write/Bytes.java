// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the little-endian and varint writes of RowBinary; can be cut back to a mark. */
public final class Bytes {

  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] buf;
  private int size;

  public Bytes(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  public int size() {
    return size;
  }

  public byte[] array() {
    return buf;
  }

  /** Drops everything written after {@code mark} (a former {@link #size()}). */
  public void truncate(int mark) {
    size = mark;
  }

  public void clear() {
    size = 0;
  }

  /** Capacity held, for the memory bound. */
  public int capacity() {
    return buf.length;
  }

  /** Shrinks the backing array back to {@code capacity} when it grew beyond. */
  public void trimTo(int capacity) {
    if (size == 0 && buf.length > capacity) {
      buf = new byte[capacity];
    }
  }

  private void ensure(int extra) {
    int needed = size + extra;
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
  }

  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void writeShort(int v) {
    ensure(2);
    SHORT.set(buf, size, (short) v);
    size += 2;
  }

  public void writeInt(int v) {
    ensure(4);
    INT.set(buf, size, v);
    size += 4;
  }

  public void writeLong(long v) {
    ensure(8);
    LONG.set(buf, size, v);
    size += 8;
  }

  public void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  public void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, size, length);
    size += length;
  }

  /** Unsigned LEB128, as RowBinary writes lengths. */
  public void writeVarint(long value) {
    ensure(10);
    long v = value;
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  /** A RowBinary String: varint length, then the UTF-8 bytes. */
  public void writeString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeVarint(bytes.length);
    write(bytes);
  }

  /** Text that is known to be ASCII (numbers, dates, JSON punctuation). */
  public void writeAscii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
  }

  /** {@code s} as a JSON string literal (quoted, escaped, UTF-8). */
  public void writeJsonString(String s) {
    write('"');
    int n = s.length();
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        if (i > start) {
          write(s.substring(start, i).getBytes(StandardCharsets.UTF_8));
        }
        switch (c) {
          case '"' -> writeAscii("\\\"");
          case '\\' -> writeAscii("\\\\");
          case '\n' -> writeAscii("\\n");
          case '\r' -> writeAscii("\\r");
          case '\t' -> writeAscii("\\t");
          default -> writeAscii(String.format("\\u%04x", (int) c));
        }
        start = i + 1;
      }
    }
    if (start < n) {
      write((start == 0 ? s : s.substring(start)).getBytes(StandardCharsets.UTF_8));
    }
    write('"');
  }
}
