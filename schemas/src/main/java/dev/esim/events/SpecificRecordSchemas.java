package dev.esim.events;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Reads the schema a generated Avro class was compiled from. */
final class SpecificRecordSchemas {

    private SpecificRecordSchemas() {
    }

    static Schema of(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }
}
