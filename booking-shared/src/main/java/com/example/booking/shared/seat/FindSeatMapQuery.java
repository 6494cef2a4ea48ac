package com.example.booking.shared.seat;

import com.example.booking.shared.TripId;

/**
 * The seats of a trip, optionally only those in {@code status} and/or inside {@code viewport};
 * answers an {@code Optional<SeatMapView>}.
 */
public record FindSeatMapQuery(TripId tripId, SeatStatus status, Viewport viewport) {

    /** Whether {@code seat} is one this query asks for. */
    public boolean shows(SeatMapView.Seat seat) {
        return (status == null || status.wire().equals(seat.status()))
                && (viewport == null || viewport.contains(seat.x(), seat.y()));
    }

    /** A rectangle of the drawing plane: seats whose (x, y) lies inside it, edges included. */
    public record Viewport(double x, double y, double width, double height) {

        public boolean contains(double px, double py) {
            return px >= x && px <= x + width && py >= y && py <= y + height;
        }
    }
}
