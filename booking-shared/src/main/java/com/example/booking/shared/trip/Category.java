package com.example.booking.shared.trip;

import java.math.BigDecimal;

/** A price class of seats (e.g. "standard", "window", "stalls"). */
public record Category(String id, String name, BigDecimal price, String currency) {
}
