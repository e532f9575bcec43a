package dev.esim.catalog.checkout;

import dev.esim.catalog.api.ApiException;
import java.util.Locale;
import java.util.Map;

/**
 * Which gateway a checkout is paid through: the one the client asks for ({@code payment_gateway}), else the one
 * configured for the traveller's country ({@code esim.catalog.checkout.gateway-by-country}, e.g. GB → govukpay),
 * else the default. A gateway must take the order's currency (GOV.UK Pay takes pounds only): a client's explicit
 * choice that cannot is refused (400 {@code validation_error}), a country's configured choice falls back to the
 * default.
 */
record GatewayChoice(CheckoutGateway gateways, String defaultGateway, Map<String, String> byCountry) {

    GatewayChoice {
        byCountry = byCountry == null ? Map.of() : Map.copyOf(byCountry);
    }

    String choose(String requested, String customerCountry, String currency) {
        if (requested != null) {
            if (!gateways.takes(requested, currency)) {
                throw ApiException.validation("payment_gateway " + requested + " is not offered for payments in "
                        + currency + ".");
            }
            return requested;
        }
        String byCountryChoice = customerCountry == null ? null
                : byCountry.get(customerCountry.toUpperCase(Locale.ROOT));
        if (byCountryChoice != null && gateways.takes(byCountryChoice, currency)) {
            return byCountryChoice;
        }
        return defaultGateway;
    }
}
