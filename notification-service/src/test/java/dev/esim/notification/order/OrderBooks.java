package dev.esim.notification.order;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The service's {@link OrderBook} on a database, for tests in other packages: the JDBC adapter is package-private. */
public final class OrderBooks {

    private OrderBooks() {
    }

    public static OrderBook onJdbc(JdbcClient jdbc) {
        return new JdbcOrderBook(jdbc);
    }
}
