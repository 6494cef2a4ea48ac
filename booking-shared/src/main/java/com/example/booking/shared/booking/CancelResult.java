package com.example.booking.shared.booking;

import java.util.List;

/** The outcome of a cancellation. */
public record CancelResult(String reference, String tripId, String status, List<String> seats, long position) {
}
