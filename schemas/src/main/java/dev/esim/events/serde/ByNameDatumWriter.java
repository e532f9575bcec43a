package dev.esim.events.serde;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes a record with a schema other than its own (the subject's latest, under {@code use.latest.version}), matching
 * fields by name: Avro's own writers take field <i>n</i> of the writer's schema from position <i>n</i> of the record,
 * another field altogether when the two schemas order or number their fields differently. A field the record does not
 * have is written as the writer schema's default; one without a default fails the write, as it would in a reader.
 */
final class ByNameDatumWriter extends SpecificDatumWriter<Object> {

    private static final SpecificData DATA = new SpecificData();

    static {
        DATA.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        DATA.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        DATA.addLogicalTypeConversion(new TimeConversions.DateConversion());
    }

    ByNameDatumWriter(Schema writerSchema) {
        super(writerSchema, DATA);
    }

    @Override
    protected void writeField(Object datum, Schema.Field field, Encoder out, Object state) throws IOException {
        if (!(datum instanceof GenericRecord record)) {
            super.writeField(datum, field, out, state);
            return;
        }
        Schema.Field own = record.getSchema().getField(field.name());
        Object value;
        if (own != null) {
            value = record.get(own.pos());
        } else if (field.hasDefaultValue()) {
            value = DATA.getDefaultValue(field);
        } else {
            throw new IOException("the record has no field " + field.name() + " and the writer's schema no default");
        }
        write(field.schema(), value, out);
    }
}
