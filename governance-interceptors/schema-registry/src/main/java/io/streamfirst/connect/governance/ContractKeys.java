// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The data-contract keys that the converters ({@code contract.enabled=true}) and the {@code EnforceContract}
 * transformation share, defined once: where contracts come from, the HASH salt and failing open.
 */
public final class ContractKeys {

  public static final String GROUP = "Contracts";
  public static final String ENABLED = "contract.enabled";
  public static final String CONTRACTS_FILE = "contracts.file";
  public static final String HASH_SALT = "contract.hash.salt";
  public static final String FAIL_OPEN = "contract.fail.open.enabled";

  private ContractKeys() {}

  /** Defines {@link #CONTRACTS_FILE}, {@link #HASH_SALT} and {@link #FAIL_OPEN}; returns the last order used. */
  public static int addTo(ConfigDef def, int order) {
    def.define(CONTRACTS_FILE, Type.STRING, "", Importance.HIGH,
        "Path of a JSON file with contracts for registries that do not store rule sets (Apicurio): an object keyed"
            + " by subject whose values hold 'metadata' and 'ruleSet' in Confluent's format. A rule set the registry"
            + " returns wins over the file's; metadata tags of both apply. Empty: contracts come from the registry"
            + " alone.",
        GROUP, ++order, Width.LONG, "Contracts file");
    def.define(HASH_SALT, Type.PASSWORD, "", Importance.MEDIUM,
        "Salt prepended to a value before HASH rules take its SHA-256, so that hashes cannot be looked up in"
            + " precomputed tables. Keep it in a config provider; the same salt gives the same hashes on every"
            + " worker.",
        GROUP, ++order, Width.MEDIUM, "Hash salt");
    def.define(FAIL_OPEN, Type.BOOLEAN, false, Importance.MEDIUM,
        "Fail open: when the registry cannot be reached and no contract of the record's subject has been fetched"
            + " yet by this task, pass the record unchecked (logged as a warning, counted as unchecked) instead of"
            + " failing with a retriable error. A contract fetched before keeps being enforced during an outage"
            + " either way.",
        GROUP, ++order, Width.SHORT, "Fail open when the registry is down");
    return order;
  }
}
