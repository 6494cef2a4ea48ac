package com.example.booking.query.live;

import com.example.booking.shared.live.BookingNotice;
import com.example.booking.shared.live.HoldExpiredNotice;
import com.example.booking.shared.live.SeatsChanged;

/**
 * Where projections announce what they just applied, for live subscribers on every node. The
 * application decides how the announcement travels (Redis pub/sub between nodes); projections only say
 * what changed, after it is in the read model, and never while replaying history.
 */
public interface LiveFeed {

    void seatsChanged(SeatsChanged change);

    void holdExpired(HoldExpiredNotice notice);

    void bookingChanged(BookingNotice notice);
}
