package com.example.booking.query.seatmap;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in read models as whole ten-thousandths: MongoDB's {@code $inc} then adds exactly, which it
 * cannot do on decimal strings, and no floating point ever touches an amount.
 */
final class Amounts {

    private static final int SCALE = 4;

    private Amounts() {
    }

    static long toUnits(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    static BigDecimal fromUnits(long units) {
        BigDecimal amount = BigDecimal.valueOf(units, SCALE).stripTrailingZeros();
        return amount.scale() < 2 ? amount.setScale(2, RoundingMode.UNNECESSARY) : amount;
    }
}
