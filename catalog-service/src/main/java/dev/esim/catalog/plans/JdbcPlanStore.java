package dev.esim.catalog.plans;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Plans in PostgreSQL. Blocking: WebFlux handlers call it on {@code boundedElastic}. */
final class JdbcPlanStore implements PlanCatalog {

    private final JdbcClient jdbc;

    JdbcPlanStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Plan> find(String sku) {
        return jdbc.sql("select * from plans where sku = :sku").param("sku", sku).query(JdbcPlanStore::plan)
                .optional();
    }

    @Override
    public List<Plan> search(String country, String region) {
        return jdbc.sql("""
                        select * from plans
                        where (cast(:country as text) is null or coverage @> array[cast(:country as text)])
                          and (cast(:region as text) is null or lower(region) = lower(cast(:region as text)))
                        order by sku""")
                .param("country", country == null ? null : country.toUpperCase(Locale.ROOT))
                .param("region", region)
                .query(JdbcPlanStore::plan)
                .list();
    }

    List<Plan> all() {
        return search(null, null);
    }

    void upsert(Plan plan) {
        jdbc.sql("""
                        insert into plans (sku, provider, name, region, coverage, data_allowance_mb, validity_days,
                                           price_minor, currency, activation_method, available, version, updated_at,
                                           esim_type, terms_url)
                        values (:sku, :provider, :name, :region, :coverage, :mb, :days, :price, :currency, :method,
                                :available, :version, :updatedAt, :esimType, :termsUrl)
                        on conflict (sku) do update set provider = excluded.provider, name = excluded.name,
                            region = excluded.region, coverage = excluded.coverage,
                            data_allowance_mb = excluded.data_allowance_mb, validity_days = excluded.validity_days,
                            price_minor = excluded.price_minor, currency = excluded.currency,
                            activation_method = excluded.activation_method, available = excluded.available,
                            version = excluded.version, updated_at = excluded.updated_at,
                            esim_type = excluded.esim_type, terms_url = excluded.terms_url""")
                .param("sku", plan.sku())
                .param("provider", plan.provider())
                .param("name", plan.name())
                .param("region", plan.region())
                .param("coverage", plan.coverage().toArray(String[]::new))
                .param("mb", plan.dataAllowanceMb())
                .param("days", plan.validityDays())
                .param("price", plan.price().amountMinor())
                .param("currency", plan.price().currency())
                .param("method", plan.activationMethod())
                .param("available", plan.available())
                .param("version", plan.version())
                .param("updatedAt", Timestamp.from(plan.updatedAt()))
                .param("esimType", plan.esimType())
                .param("termsUrl", plan.termsUrl())
                .update();
    }

    /** Only one catalogue sync at a time across instances; false = another one is running. */
    boolean tryLockForSync() {
        return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(hashtext('catalog-sync'))")
                .query(Boolean.class).single());
    }

    private static Plan plan(ResultSet rs, int row) throws SQLException {
        Array coverage = rs.getArray("coverage");
        return new Plan(rs.getString("sku"), rs.getString("name"), rs.getString("region"),
                Arrays.asList((String[]) coverage.getArray()), rs.getLong("data_allowance_mb"),
                rs.getInt("validity_days"), new Price(rs.getLong("price_minor"), rs.getString("currency")),
                rs.getString("activation_method"), rs.getBoolean("available"), rs.getString("provider"),
                rs.getInt("version"), rs.getTimestamp("updated_at").toInstant(), rs.getString("esim_type"),
                rs.getString("terms_url"));
    }
}
