// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import io.openlineage.client.OpenLineage;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/** Builds OpenLineage facets from Connect schemas and column mappings. */
final class Facets {

  private Facets() {}

  /**
   * The schema facet of a Connect struct schema: one field per struct field, typed by the Connect type
   * (or its logical name, e.g. org.apache.kafka.connect.data.Decimal), nested for structs; null when
   * the schema is not a struct.
   */
  static OpenLineage.SchemaDatasetFacet schema(OpenLineage ol, Schema schema) {
    if (schema == null || schema.type() != Schema.Type.STRUCT) {
      return null;
    }
    return ol.newSchemaDatasetFacetBuilder().fields(fields(ol, schema)).build();
  }

  private static List<OpenLineage.SchemaDatasetFacetFields> fields(OpenLineage ol, Schema struct) {
    List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
    for (Field field : struct.fields()) {
      Schema schema = field.schema();
      OpenLineage.SchemaDatasetFacetFieldsBuilder builder = ol.newSchemaDatasetFacetFieldsBuilder()
          .name(field.name()).type(typeName(schema)).ordinal_position((long) field.index() + 1);
      if (schema.doc() != null) {
        builder.description(schema.doc());
      }
      if (schema.type() == Schema.Type.STRUCT) {
        builder.fields(fields(ol, schema));
      }
      fields.add(builder.build());
    }
    return fields;
  }

  /** A Connect schema's type as the schema facet shows it. */
  static String typeName(Schema schema) {
    if (schema.name() != null && schema.type() != Schema.Type.STRUCT) {
      return schema.name();
    }
    return switch (schema.type()) {
      case ARRAY -> "ARRAY<" + typeName(schema.valueSchema()) + ">";
      case MAP -> "MAP<" + typeName(schema.keySchema()) + "," + typeName(schema.valueSchema()) + ">";
      default -> schema.type().name();
    };
  }

  /** The schema facet of the output columns of a mapping (names and types where known). */
  static OpenLineage.SchemaDatasetFacet schema(OpenLineage ol, ColumnMapping mapping) {
    List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
    long position = 0;
    for (ColumnMapping.Column column : mapping.columns()) {
      fields.add(ol.newSchemaDatasetFacetFieldsBuilder().name(column.name()).type(column.type())
          .ordinal_position(++position).build());
    }
    return ol.newSchemaDatasetFacetBuilder().fields(fields).build();
  }

  /** The column lineage facet of a mapping. */
  static OpenLineage.ColumnLineageDatasetFacet columnLineage(OpenLineage ol, ColumnMapping mapping) {
    OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = ol.newColumnLineageDatasetFacetFieldsBuilder();
    for (ColumnMapping.Column column : mapping.columns()) {
      fields.put(column.name(), ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
          .inputFields(inputFields(ol, mapping.input(), column.sources())).build());
    }
    OpenLineage.ColumnLineageDatasetFacetBuilder facet = ol.newColumnLineageDatasetFacetBuilder()
        .fields(fields.build());
    if (!mapping.filter().isEmpty()) {
      facet.dataset(inputFields(ol, mapping.input(), mapping.filter()));
    }
    return facet.build();
  }

  private static List<OpenLineage.InputField> inputFields(OpenLineage ol, DatasetId input,
      List<ColumnMapping.Source> sources) {
    List<OpenLineage.InputField> fields = new ArrayList<>();
    for (ColumnMapping.Source source : sources) {
      fields.add(ol.newInputFieldBuilder().namespace(input.namespace()).name(input.name()).field(source.field())
          .transformations(List.of(ol.newInputFieldTransformationsBuilder().type(source.kind().type)
              .subtype(source.kind().subtype).build()))
          .build());
    }
    return fields;
  }
}
