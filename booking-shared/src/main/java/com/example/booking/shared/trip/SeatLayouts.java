package com.example.booking.shared.trip;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands a {@link Layout} into seats. Both sides call this, so a generated plan travels in its event
 * as three numbers instead of 100,000 seat definitions.
 */
public final class SeatLayouts {

    private SeatLayouts() {
    }

    public static List<SeatDefinition> expand(Layout layout) {
        List<SeatDefinition> seats = new ArrayList<>((int) layout.size());
        for (int row = 1; row <= layout.rows(); row++) {
            for (int column = 1; column <= layout.columns(); column++) {
                seats.add(new SeatDefinition(row + columnLetters(column), layout.category(), row, column, column, row));
            }
        }
        return seats;
    }

    /** Bijective base-26: 1 → A, 26 → Z, 27 → AA, 28 → AB. */
    public static String columnLetters(int column) {
        StringBuilder letters = new StringBuilder();
        int n = column;
        while (n > 0) {
            int rest = (n - 1) % 26;
            letters.append((char) ('A' + rest));
            n = (n - 1) / 26;
        }
        return letters.reverse().toString();
    }
}
