package com.example.booking.shared.seat;

import java.util.List;

/** The seats whose blocking changed; {@code position} is the trip's afterwards. */
public record BlockResult(String tripId, List<String> seats, String status, long position) {
}
