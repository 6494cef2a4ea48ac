package com.example.booking.command.trip;

import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects why requested seats cannot be had. The most permanent reason names the refusal
 * ({@code seat_booked} over {@code seat_blocked} over {@code seat_held}); every conflicting seat is listed.
 */
final class Conflicts {

    private final Instant now;
    private final List<String> booked = new ArrayList<>();
    private final List<String> blocked = new ArrayList<>();
    private final List<String> held = new ArrayList<>();
    private Instant earliestRelease;

    Conflicts(Instant now) {
        this.now = now;
    }

    void booked(String seat) {
        booked.add(seat);
    }

    void blocked(String seat) {
        blocked.add(seat);
    }

    void held(String seat, Instant expiresAt) {
        held.add(seat);
        if (earliestRelease == null || expiresAt.isBefore(earliestRelease)) {
            earliestRelease = expiresAt;
        }
    }

    void throwIfAny() {
        List<String> all = new ArrayList<>(booked);
        all.addAll(blocked);
        all.addAll(held);
        if (!booked.isEmpty()) {
            throw BookingRejectedException.conflict(ErrorCode.SEAT_BOOKED, "seats already booked: " + String.join(", ", booked), all, null);
        }
        if (!blocked.isEmpty()) {
            throw BookingRejectedException.conflict(ErrorCode.SEAT_BLOCKED, "seats not for sale: " + String.join(", ", blocked), all, null);
        }
        if (!held.isEmpty()) {
            long millis = Duration.between(now, earliestRelease).toMillis();
            long retryAfter = Math.max(1, (millis + 999) / 1000);
            throw BookingRejectedException.conflict(ErrorCode.SEAT_HELD, "seats held by someone else: " + String.join(", ", held), all, retryAfter);
        }
    }
}
