// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

/** The version a plugin reports to Connect, read from its jar manifest. */
public final class PluginVersion {

  private PluginVersion() {}

  /** The {@code Implementation-Version} of the jar holding {@code type}, or "dev" when run from classes. */
  public static String of(Class<?> type) {
    String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
