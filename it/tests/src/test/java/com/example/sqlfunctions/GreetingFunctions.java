// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package com.example.sqlfunctions;

/**
 * A user's SQL function class. {@code SqlTransformIT} packs it into a jar in the SQL plugin
 * directory, where {@code functions.allowed.classes} may name it.
 */
public final class GreetingFunctions {

  private GreetingFunctions() {}

  public static String greet(String name) {
    return "hello " + name;
  }
}
