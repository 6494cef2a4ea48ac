package com.example.booking.shared.live;

import java.util.List;

/** Tells a holder that one of their holds ran out. */
public record HoldExpiredNotice(String userId, String tripId, List<String> seats) {
}
