// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package com.example.functions;

/**
 * A user's function class. The sandbox tests package it into a jar in a temporary plugin
 * directory, where {@code functions.allowed.classes} may name it.
 */
public final class TextFunctions {

  private TextFunctions() {}

  public static String greet(String name) {
    return "hello " + name;
  }
}
