package dev.esim.events.serde;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The serde's settings, read under Confluent's property names so that Confluent's {@code KafkaAvroSerializer} /
 * {@code KafkaAvroDeserializer} can replace ours by changing only the class names in configuration.
 */
record AvroSerdeConfig(
        List<URI> registryUrls,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        Duration latestCacheTtl,
        boolean specificAvroReader,
        SubjectNameStrategy keySubjectNameStrategy,
        SubjectNameStrategy valueSubjectNameStrategy,
        RegistryAccess access) {

    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    static final String USE_LATEST_VERSION = "use.latest.version";
    static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    static AvroSerdeConfig from(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("Missing required configuration \"" + SCHEMA_REGISTRY_URL + "\"");
        }
        List<URI> urls = Arrays.stream(url.toString().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(URI::create)
                .toList();
        return new AvroSerdeConfig(
                urls,
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, USE_LATEST_VERSION, false),
                ttl(configs.get(LATEST_CACHE_TTL_SEC)),
                bool(configs, SPECIFIC_AVRO_READER, false),
                SubjectNameStrategy.fromConfig(configs.get(KEY_SUBJECT_NAME_STRATEGY)),
                SubjectNameStrategy.fromConfig(configs.get(VALUE_SUBJECT_NAME_STRATEGY)),
                RegistryAccess.from(configs, urls));
    }

    SchemaRegistryClient newClient() {
        URI first = registryUrls.get(0);
        if (first.toString().startsWith(MockSchemaRegistry.MOCK_URL_PREFIX)) {
            return MockSchemaRegistry.getClientForScope(
                    first.toString().substring(MockSchemaRegistry.MOCK_URL_PREFIX.length()));
        }
        return SharedClients.forUrls(access.withoutUserInfo(registryUrls), access);
    }

    /** Confluent's {@code latest.cache.ttl.sec}: seconds, {@code -1} (the default) for "never look again". */
    private static Duration ttl(Object value) {
        long seconds = value == null ? -1 : Long.parseLong(value.toString().trim());
        return seconds < 0 ? null : Duration.ofSeconds(seconds);
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        return value == null ? defaultValue : Boolean.parseBoolean(value.toString());
    }
}
