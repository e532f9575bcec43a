package dev.esim.registry;

/**
 * Avro schemas for the tests: one record evolving the way producers evolve theirs. Each call names the record after
 * the test so schemas from different tests never collide on the global ids.
 */
final class OrderSchemas {

    private OrderSchemas() {
    }

    static String v1(String name) {
        return """
                {"type":"record","name":"%s","namespace":"dev.esim.test","fields":[
                  {"name":"order_id","type":"string"},
                  {"name":"amount_minor","type":"long"}
                ]}""".formatted(name);
    }

    /** v1 written differently (whitespace, attribute order): the same schema to the registry. */
    static String v1Reformatted(String name) {
        return "{ \"namespace\" : \"dev.esim.test\", \"name\" : \"" + name + "\", \"type\" : \"record\","
                + " \"fields\" : [ {\"type\":\"string\", \"name\":\"order_id\"},"
                + " {\"type\":\"long\", \"name\":\"amount_minor\"} ] }";
    }

    /** v1 plus an optional field with a default: backward and forward compatible. */
    static String v2WithOptionalCoupon(String name) {
        return """
                {"type":"record","name":"%s","namespace":"dev.esim.test","fields":[
                  {"name":"order_id","type":"string"},
                  {"name":"amount_minor","type":"long"},
                  {"name":"coupon","type":["null","string"],"default":null}
                ]}""".formatted(name);
    }

    /** v1 plus a required field without default: a new reader cannot read old data, so not BACKWARD compatible. */
    static String v2WithRequiredCurrency(String name) {
        return """
                {"type":"record","name":"%s","namespace":"dev.esim.test","fields":[
                  {"name":"order_id","type":"string"},
                  {"name":"amount_minor","type":"long"},
                  {"name":"currency","type":"string"}
                ]}""".formatted(name);
    }

    /** v1 minus a field that has no default: BACKWARD compatible but not FORWARD (old readers miss it). */
    static String v2WithoutAmount(String name) {
        return """
                {"type":"record","name":"%s","namespace":"dev.esim.test","fields":[
                  {"name":"order_id","type":"string"}
                ]}""".formatted(name);
    }
}
