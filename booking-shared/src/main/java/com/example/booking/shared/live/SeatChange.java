package com.example.booking.shared.live;

/** One seat's new status and why it changed ({@code held|released|expired|booked|cancelled|blocked|unblocked}). */
public record SeatChange(String seat, String status, String reason) {
}
