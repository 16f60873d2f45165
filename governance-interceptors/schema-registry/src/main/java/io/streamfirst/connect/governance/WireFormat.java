// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.connect.errors.DataException;

/** The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the payload. */
public final class WireFormat {

  public static final byte MAGIC = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Writes the magic byte and the schema id; the payload follows. */
  public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
    out.write(MAGIC);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
  }

  /** The schema id of a framed record; a DataException naming the topic when the bytes are not framed. */
  public static int schemaId(byte[] data, String topic, String format) {
    if (data.length < HEADER_SIZE) {
      throw new DataException("A record of topic '" + topic + "' has " + data.length + " bytes, too few for the "
          + format + " wire format (magic byte + 4-byte schema id): it was not written by a schema-registry"
          + " serializer; check the topic's producers or the connector's converter");
    }
    if (data[0] != MAGIC) {
      throw new DataException("A record of topic '" + topic + "' starts with byte " + data[0]
          + " instead of the wire format's magic byte 0: it was not written by a schema-registry serializer;"
          + " check the topic's producers or the connector's converter");
    }
    return ((data[1] & 0xFF) << 24) | ((data[2] & 0xFF) << 16) | ((data[3] & 0xFF) << 8) | (data[4] & 0xFF);
  }
}
