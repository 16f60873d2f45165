// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.clickhouse.schema.ChType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Codecs of the text family: String, FixedString(N) and UUID. */
final class TextCodecs {

  private TextCodecs() {}

  /** String (any value: text as is, bytes raw, structures as JSON) and FixedString(N). */
  static final class StringCodec extends Codec {
    StringCodec(ChType type) {
      super(type);
    }

    byte[] value(Object value) {
      if (value instanceof String s) {
        return s.getBytes(StandardCharsets.UTF_8);
      }
      if (value instanceof byte[] b) {
        return b;
      }
      if (value instanceof ByteBuffer bb) {
        byte[] b = new byte[bb.remaining()];
        bb.duplicate().get(b);
        return b;
      }
      if (value == null) {
        throw notNullable();
      }
      return JsonText.of(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    Object zero() {
      return new byte[0];
    }

    @Override
    public void binary(Object value, Bytes out) {
      if (value instanceof String s && type.kind() == ChType.Kind.STRING) {
        out.writeString(s);
        return;
      }
      byte[] b = value(value);
      if (type.kind() == ChType.Kind.FIXED_STRING) {
        if (b.length > type.precision()) {
          throw new ValueException("a value longer than " + type.precision() + " bytes for column type " + type.text());
        }
        out.write(b);
        for (int i = b.length; i < type.precision(); i++) {
          out.write(0);
        }
      } else {
        out.writeVarint(b.length);
        out.write(b);
      }
    }

    @Override
    public void json(Object value, Bytes out) {
      String text = value instanceof String s ? s : new String(value(value), StandardCharsets.UTF_8);
      out.writeJsonString(text);
    }
  }

  /** UUID from java.util.UUID or its text form. */
  static final class UuidCodec extends Codec {
    UuidCodec(ChType type) {
      super(type);
    }

    UUID value(Object value) {
      if (value instanceof UUID u) {
        return u;
      }
      if (value instanceof String s) {
        try {
          return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
          throw new ValueException("text that is not a UUID for column type " + type.text());
        }
      }
      if (value == null) {
        throw notNullable();
      }
      throw mismatch(value);
    }

    @Override
    Object zero() {
      return new UUID(0, 0);
    }

    @Override
    public void binary(Object value, Bytes out) {
      UUID u = value(value);
      out.writeLong(u.getMostSignificantBits());
      out.writeLong(u.getLeastSignificantBits());
    }

    @Override
    public void json(Object value, Bytes out) {
      out.writeJsonString(value(value).toString());
    }
  }
}
