// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package com.example.functions;

/** A user's function that recurses once per character of its argument. */
public final class RecursiveFunctions {

  private RecursiveFunctions() {}

  public static int depth(String text) {
    return count(text, 0);
  }

  private static int count(String text, int from) {
    return from == text.length() ? 0 : 1 + count(text, from + 1);
  }
}
