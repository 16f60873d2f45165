// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The operation of a change event: the letter in an envelope's {@code op} field and in a flat
 * record's {@code __op} field. {@link #CREATE}, {@link #UPDATE}, {@link #DELETE} and {@link #READ}
 * change a row; {@link #TRUNCATE} and {@link #MESSAGE} carry no row: the flat format drops them and
 * sinks reject them.
 */
public enum ChangeOp {
  /** {@code c}: a row was inserted. */
  CREATE('c', "insert"),
  /** {@code u}: a row was updated. */
  UPDATE('u', "update"),
  /** {@code d}: a row was deleted. */
  DELETE('d', "delete"),
  /** {@code r}: a row was read by a snapshot or a backfill. */
  READ('r', "snapshot or backfill read"),
  /** {@code t}: a table was truncated (no row). */
  TRUNCATE('t', "truncate"),
  /** {@code m}: a logical decoding message (no row). */
  MESSAGE('m', "logical message");

  private final char letter;
  private final String meaning;

  ChangeOp(char letter, String meaning) {
    this.letter = letter;
    this.meaning = meaning;
  }

  /** The letter that stands for this operation in change events. */
  public char letter() {
    return letter;
  }

  /** The letter as a string, as the {@code op} and {@code __op} fields carry it. */
  public String code() {
    return String.valueOf(letter);
  }

  /** What the operation means, in words. */
  public String meaning() {
    return meaning;
  }

  /** True for the operations that change a row: create, update, delete, read. */
  public boolean changesRow() {
    return this != TRUNCATE && this != MESSAGE;
  }

  /**
   * The operation whose letter {@code text} is.
   *
   * @return null when {@code text} is null or not exactly one of the letters
   */
  public static ChangeOp of(String text) {
    if (text == null || text.length() != 1) {
      return null;
    }
    for (ChangeOp op : values()) {
      if (op.letter == text.charAt(0)) {
        return op;
      }
    }
    return null;
  }

  /** The letters of the operations that change a row, for messages: {@code c, u, d, r}. */
  public static String rowChangeLetters() {
    return Arrays.stream(values()).filter(ChangeOp::changesRow).map(ChangeOp::code)
        .collect(Collectors.joining(", "));
  }
}
