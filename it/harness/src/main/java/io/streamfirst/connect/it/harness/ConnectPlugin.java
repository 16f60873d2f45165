// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

/**
 * One entry of {@code GET /connector-plugins?connectorsOnly=false}.
 *
 * @param className fully qualified class name
 * @param type {@code source}, {@code sink}, {@code transformation}, {@code predicate},
 *     {@code converter} or {@code header_converter}
 * @param version the version the plugin reports
 */
public record ConnectPlugin(String className, String type, String version) {
}
