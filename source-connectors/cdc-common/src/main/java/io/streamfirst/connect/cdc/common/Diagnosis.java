// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

/**
 * What a server kind's classifier made of a failure.
 *
 * @param kind what it means for the user
 * @param error the server error that decided it; null when none did (a network failure, a connector's own
 *     message, anything else)
 */
public record Diagnosis(FailureKind kind, ServerError error) {
}
