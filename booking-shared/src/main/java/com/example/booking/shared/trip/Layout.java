package com.example.booking.shared.trip;

/**
 * A generated rows × columns plan: labels are the row number followed by column letters
 * ({@code 1A … 1Z, 1AA, 1AB …}), row-major; every seat is in one category.
 */
public record Layout(int rows, int columns, String category) {

    public long size() {
        return (long) rows * columns;
    }
}
