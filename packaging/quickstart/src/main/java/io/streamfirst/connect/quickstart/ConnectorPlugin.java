// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

/** One entry of the worker's {@code GET /connector-plugins?connectorsOnly=false}. */
public record ConnectorPlugin(String className, String type, String version) {

  /** True for plugins from a Streamfirst plugin directory rather than Kafka's own. */
  public boolean isStreamfirst() {
    return className.startsWith("io.streamfirst.");
  }
}
