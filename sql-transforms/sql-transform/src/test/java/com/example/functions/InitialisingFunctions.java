// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package com.example.functions;

/** A function class whose static initialiser leaves a trace: naming it must not run it. */
public final class InitialisingFunctions {

  /** Set to {@code true} by the static initialiser. */
  public static final String PROPERTY = "sf.test.initialising-functions.initialised";

  static {
    System.setProperty(PROPERTY, "true");
  }

  private InitialisingFunctions() {}

  public static int one() {
    return 1;
  }
}
