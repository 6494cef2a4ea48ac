package com.example.booking.shared.trip;

/** One seat of a trip's plan: its label, price class and where it is drawn. */
public record SeatDefinition(String label, String category, int row, int number, double x, double y) {
}
