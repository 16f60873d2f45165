// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package com.example.sqlfunctions;

/**
 * A function class only on the worker's class path (the test class path), never in a plugin
 * directory: {@code functions.allowed.classes} must reject it.
 */
public final class ClassPathFunctions {

  private ClassPathFunctions() {}

  public static String shout(String text) {
    return text + "!";
  }
}
