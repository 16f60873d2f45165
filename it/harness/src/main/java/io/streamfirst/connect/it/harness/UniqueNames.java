// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Unique topic, connector and file names, so that no two tests ever share data. */
public final class UniqueNames {

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final AtomicInteger COUNTER = new AtomicInteger();
  /** Distinguishes two JVMs that share a broker or a directory. */
  private static final String RUN = Integer.toString(new SecureRandom().nextInt(36 * 36 * 36 * 36), 36)
      .toLowerCase(Locale.ROOT);

  private UniqueNames() {}

  /**
   * Returns {@code prefix-<run>-<n>}, a name legal for topics and connectors and unique in this JVM.
   *
   * @param prefix what the name is for, e.g. {@code orders}; letters, digits, '.', '_' and '-' only
   */
  public static String of(String prefix) {
    if (prefix == null || !LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Name prefix '" + prefix + "' must be made of letters, digits, '.', '_' and '-' only");
    }
    return prefix + "-" + RUN + "-" + COUNTER.incrementAndGet();
  }
}
