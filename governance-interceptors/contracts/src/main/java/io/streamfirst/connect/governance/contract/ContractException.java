// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A contract that cannot be used: malformed rule set, an unknown rule type, an expression that does not compile,
 * an action that does not fit the tagged field. The message names the subject, version and rule. Thrown for every
 * record of the subject until the contract is fixed in the registry or the contracts file; Connect's
 * {@code errors.tolerance} decides whether the task fails (the default) or the records go to the dead-letter queue.
 */
public class ContractException extends ConnectException {

  private static final long serialVersionUID = 1L;

  public ContractException(String message) {
    super(message);
  }

  public ContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
