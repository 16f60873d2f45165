// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A row as the channel takes it (column name → value) without a hash table per row: the column names, shared
 * by every row of one schema, and the values side by side, in column order. A column without a value (null)
 * is not in the map, as NULL is sent by leaving a column out; putting null removes the column. Columns are
 * found by a scan of the names, which for the tens of columns of a row costs less than hashing them.
 */
public final class ColumnRow extends AbstractMap<String, Object> {

  private String[] names;
  private Object[] values;
  private int length;
  private int size;
  private boolean sharedNames;

  /** An empty row with slots for {@code names}, an array the row never changes (a plan's). */
  ColumnRow(String[] names) {
    this.names = names;
    this.values = new Object[names.length];
    this.length = names.length;
    this.sharedNames = true;
  }

  /** The number of column slots, with and without a value. */
  int slots() {
    return length;
  }

  /** Sets the value of slot {@code index} (from {@link #slots()}); null clears it. */
  void set(int index, Object value) {
    Objects.checkIndex(index, length);
    Object old = values[index];
    if (old == null && value != null) {
      size++;
    } else if (old != null && value == null) {
      size--;
    }
    values[index] = value;
  }

  private int indexOf(Object name) {
    for (int i = 0; i < length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object name) {
    int i = indexOf(name);
    return i >= 0 && values[i] != null;
  }

  @Override
  public Object get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  @Override
  public Object put(String name, Object value) {
    Objects.requireNonNull(name, "column name");
    int i = indexOf(name);
    if (i >= 0) {
      Object old = values[i];
      set(i, value);
      return old;
    }
    if (value != null) {
      append(name);
      set(length - 1, value);
    }
    return null;
  }

  /** Adds an empty slot for column {@code name} after the others (even when the name has a slot already). */
  void append(String name) {
    if (length == names.length || sharedNames) {
      int capacity = Math.max(length + 4, names.length);
      names = Arrays.copyOf(names, capacity);
      values = Arrays.copyOf(values, capacity);
      sharedNames = false;
    }
    names[length] = name;
    values[length++] = null;
  }

  @Override
  public Object remove(Object name) {
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    Object old = values[i];
    set(i, null);
    return old;
  }

  @Override
  public void clear() {
    Arrays.fill(values, 0, length, null);
    size = 0;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);
          private int last = -1;

          private int advance(int from) {
            int i = from;
            while (i < length && values[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= length) {
              throw new NoSuchElementException();
            }
            last = next;
            next = advance(next + 1);
            return new SimpleImmutableEntry<>(names[last], values[last]);
          }

          @Override
          public void remove() {
            if (last < 0) {
              throw new IllegalStateException();
            }
            set(last, null);
            last = -1;
          }
        };
      }
    };
  }
}
