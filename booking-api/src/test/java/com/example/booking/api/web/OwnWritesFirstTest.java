package com.example.booking.api.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which reads wait for the caller's writes of one trip only, and which for all of them. */
class OwnWritesFirstTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "/api/trips/bus-42, bus-42",
            "/api/trips/bus-42/seats, bus-42",
            "/api/trips/bus-42/stats, bus-42",
            "/api/admin/trips/bus-42/seats, bus-42",
            "/api/trips, -",
            "/api/holds, -",
            "/api/bookings, -",
            "/api/bookings/ABC234, -",
            "/api/bookings/ABC234/history, -",
            "/api/admin/trips/bus-42/history, -",
            "/api/trips/bus-42/seats/extra, -"})
    void aReadOfOneTripIsScopedToIt(String path, String trip) {
        assertThat(OwnWritesFirst.tripShown(new MockHttpServletRequest("GET", path))).isEqualTo(trip);
    }
}
