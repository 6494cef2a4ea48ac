package com.example.booking.shared.hold;

import com.example.booking.shared.UserId;

/** The unexpired holds of one user, across trips. */
public record FindHoldsQuery(UserId userId) {
}
