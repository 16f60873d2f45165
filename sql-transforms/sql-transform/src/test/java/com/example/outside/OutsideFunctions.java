// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package com.example.outside;

/** A function class whose jar the tests keep outside the plugin directory. */
public final class OutsideFunctions {

  private OutsideFunctions() {}

  public static String shout(String text) {
    return text + "!";
  }
}
