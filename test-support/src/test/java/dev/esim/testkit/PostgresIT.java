package dev.esim.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

@WithPostgres(database = "postgres_it")
class PostgresIT {

    @Test
    void flywayMigratesAFreshDatabaseAndARowWrittenIsReadBack(Postgres.Database database) throws SQLException {
        // given
        var result = Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:testkit/migration")
                .load()
                .migrate();

        // when
        try (Connection connection = database.dataSource().getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO orders (order_id, status) VALUES (?, ?)")) {
                insert.setString(1, "ord_1");
                insert.setString(2, "paid");
                insert.executeUpdate();
            }

            // then
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT status, email_sent FROM orders WHERE order_id = ?")) {
                select.setString(1, "ord_1");
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString("status")).isEqualTo("paid");
                    assertThat(row.getBoolean("email_sent")).isFalse();
                }
            }
        }
        assertThat(result.migrationsExecuted).isEqualTo(2);
        assertThat(database.jdbcUrl()).contains("/postgres_it");
    }

    @Test
    void twoNewDatabasesOfTheSameNameAreDistinctAndIsolated(Postgres postgres) throws SQLException {
        // given
        Postgres.Database first = postgres.newDatabase("catalog");
        Postgres.Database second = postgres.newDatabase("catalog");

        // when
        execute(first.dataSource(), "CREATE TABLE plans (sku TEXT PRIMARY KEY)");
        execute(first.dataSource(), "INSERT INTO plans VALUES ('US-5GB-30D')");

        // then
        assertThat(second.name()).isNotEqualTo(first.name());
        assertThat(tableCount(first.dataSource(), "plans")).isEqualTo(1);
        assertThat(tableCount(second.dataSource(), "plans")).isZero();
    }

    @Test
    void servesPostgreSql18(Postgres postgres) throws SQLException {
        try (Connection connection = postgres.adminDataSource().getConnection();
                ResultSet row = connection.createStatement().executeQuery("SHOW server_version_num")) {
            row.next();
            assertThat(row.getInt(1)).isGreaterThanOrEqualTo(180_000);
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute(sql);
        }
    }

    private static int tableCount(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            select.setString(1, table);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
