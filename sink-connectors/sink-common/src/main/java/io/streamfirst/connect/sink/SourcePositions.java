// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change's source position as an unsigned 64-bit number that orders changes as the source did: the
 * version the sinks' CDC modes compare when {@code source.position} orders a key's changes.
 *
 * <p>MySQL and MariaDB positions ({@code file:pos:event:row} from the Streamfirst MySQL source, or
 * {@code file:pos}) are packed as
 * {@code fileIndex << 44 | (pos >> 5) << 19 | min(event, 2^19 - 1)}:
 * <ul>
 *   <li>the binlog file's index (the number after the last dot, e.g. 3 in {@code mariadb-bin.000003}),
 *       up to 1,048,575 (20 bits), so a change after a rotation (next file, lower position) is newer;
 *   <li>the position where the change's transaction starts, in units of 32 bytes (25 bits): a
 *       transaction starts below {@code max_binlog_size} (at most 1 GiB, a server limit), and two
 *       transactions start more than 32 bytes apart (every transaction holds at least one row event
 *       of more than 32 bytes), so the order of transactions is kept;
 *   <li>the row event's index in the transaction (19 bits): changes to one row within a transaction
 *       are in different row events (one statement changes a row once). From the 524,287th event of a
 *       transaction on, events share the version.
 * </ul>
 * The row's index in its event is not needed: one row event holds a source row at most once.
 * PostgreSQL LSNs {@code X/Y} are {@code X << 32 | Y}; a plain number is taken as it is.
 */
public final class SourcePositions {

  private static final int FILE_BITS = 20;
  private static final int POSITION_SHIFT = 5;
  private static final int POSITION_BITS = 25;
  private static final int EVENT_BITS = 19;
  private static final long MAX_FILE_INDEX = (1L << FILE_BITS) - 1;
  /** Positions below this fit (1 GiB, the largest {@code max_binlog_size}). */
  private static final long POSITION_LIMIT = 1L << (POSITION_BITS + POSITION_SHIFT);
  private static final long MAX_EVENT = (1L << EVENT_BITS) - 1;

  private static final Pattern LSN = Pattern.compile("([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})");
  /** {@code <file>.<index>:<pos>[:<event>:<row>]}; the file name may itself contain dots. */
  private static final Pattern BINLOG = Pattern.compile(".*\\.(\\d{1,10}):(\\d{1,18})(?::(\\d{1,18}):(\\d{1,18}))?");

  /**
   * A number, a PostgreSQL LSN {@code X/Y} (hex), or a MySQL binlog position; null when none of these.
   *
   * @throws IllegalArgumentException for a binlog position beyond the packing's limits (what is exceeded)
   */
  public static Long parse(String position) {
    if (position.matches("\\d{1,20}")) {
      try {
        return Long.parseUnsignedLong(position);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    Matcher lsn = LSN.matcher(position);
    if (lsn.matches()) {
      return (Long.parseLong(lsn.group(1), 16) << 32) | Long.parseLong(lsn.group(2), 16);
    }
    Matcher binlog = BINLOG.matcher(position);
    if (binlog.matches()) {
      long file = Long.parseLong(binlog.group(1));
      long pos = Long.parseLong(binlog.group(2));
      long event = binlog.group(3) == null ? 0 : Long.parseLong(binlog.group(3));
      if (file > MAX_FILE_INDEX) {
        throw new IllegalArgumentException("binlog file index above " + MAX_FILE_INDEX);
      }
      if (pos >= POSITION_LIMIT) {
        throw new IllegalArgumentException("binlog position at or above " + POSITION_LIMIT + " (1 GiB)");
      }
      return binlog(file, pos, event);
    }
    return null;
  }

  /** The packed version of a binlog position (limits checked by the caller). */
  private static long binlog(long file, long pos, long event) {
    return file << (POSITION_BITS + EVENT_BITS) | (pos >>> POSITION_SHIFT) << EVENT_BITS | Math.min(event, MAX_EVENT);
  }

  private SourcePositions() {}
}
