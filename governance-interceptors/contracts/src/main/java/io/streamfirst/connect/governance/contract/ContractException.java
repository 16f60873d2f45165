// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A contract that cannot be used: malformed rule set, an unknown rule type, an expression that does not compile,
 * an action that does not fit the tagged field. The message names the subject, version and rule. Fatal: fix the
 * contract in the registry or the contracts file and restart the task.
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
