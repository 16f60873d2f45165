// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.avro;

import io.streamfirst.connect.governance.SchemaCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/** An Avro schema with its Connect schema and Avro's own binary datum writer and reader. */
public final class AvroCodec implements SchemaCodec {

  private final org.apache.avro.Schema avro;
  private final String text;
  private final Schema connect;
  private final GenericDatumWriter<Object> writer;
  private final GenericDatumReader<Object> reader;

  public AvroCodec(org.apache.avro.Schema avro, Schema connect) {
    this.avro = avro;
    this.text = avro.toString();
    this.connect = connect;
    this.writer = new GenericDatumWriter<>(avro, AvroValues.MODEL);
    this.reader = new GenericDatumReader<>(avro, avro, AvroValues.MODEL);
  }

  /** The codec for a Connect schema: the Avro schema derived from it. */
  public static AvroCodec of(Schema connect) {
    return new AvroCodec(AvroSchemas.toAvro(connect), connect);
  }

  /** The codec for a registered schema text. */
  public static AvroCodec parse(String text) {
    org.apache.avro.Schema avro;
    try {
      avro = new org.apache.avro.Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      throw new DataException("The registered Avro schema cannot be parsed: " + e.getMessage(), e);
    }
    return new AvroCodec(avro, AvroSchemas.toConnect(avro));
  }

  public org.apache.avro.Schema avroSchema() {
    return avro;
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public String recordName() {
    return avro.getType() == org.apache.avro.Schema.Type.RECORD ? avro.getFullName() : null;
  }

  @Override
  public Schema connectSchema() {
    return connect;
  }

  @Override
  public void write(Schema valueSchema, Object value, ByteArrayOutputStream out) {
    Object datum = AvroValues.toAvro(valueSchema, avro, value);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(datum, encoder);
      encoder.flush();
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new DataException("Could not encode the record with Avro schema " + avro.getFullName() + ": "
          + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public Object read(byte[] data, int offset, int length) {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, length, null);
    Object datum;
    try {
      datum = reader.read(null, decoder);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new DataException("The Avro payload does not match its schema " + avro.getFullName() + ": "
          + e.getClass().getSimpleName(), e);
    }
    return AvroValues.toConnect(connect, avro, datum);
  }
}
