package dev.esim.sandbox.gateway;

/** One {@code line_items[n]} entry built from inline {@code price_data}; amounts in the currency's minor unit. */
record LineItem(String id, String name, String description, long unitAmount, long quantity, String currency) {

    long amountTotal() {
        return unitAmount * quantity;
    }
}
