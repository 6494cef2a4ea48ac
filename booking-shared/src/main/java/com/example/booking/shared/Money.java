package com.example.booking.shared;

import java.math.BigDecimal;
import java.util.Objects;

/** An amount in one currency (ISO 4217 code). */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(BigDecimal other) {
        return new Money(amount.add(other), currency);
    }
}
