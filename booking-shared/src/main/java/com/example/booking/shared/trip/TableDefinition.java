package com.example.booking.shared.trip;

import java.util.List;

/** A group of seats that can be held together by naming the table (a café table, a box, a compartment). */
public record TableDefinition(String id, List<String> seats) {
}
