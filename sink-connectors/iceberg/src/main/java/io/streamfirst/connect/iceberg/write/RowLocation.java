// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.write;

import org.apache.iceberg.StructLike;

/**
 * Where one row of a table is: its data file, the file's partition spec and partition (a position delete is
 * written in the partition of the file it points to), and its position in the file.
 */
public record RowLocation(String path, int specId, StructLike partition, long pos) {
}
