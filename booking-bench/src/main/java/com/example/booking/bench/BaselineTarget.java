package com.example.booking.bench;

import java.util.List;

/** The {@link BaselineService}: the same requests, the user named in a header instead of a token. */
final class BaselineTarget extends Target {

    private final BenchClient client;

    BaselineTarget(BenchClient client) {
        this.client = client;
    }

    @Override
    Outcome hold(int user, String trip, List<String> seats) throws Exception {
        return send("/api/trips/" + trip + "/holds", user, "{\"seats\":" + BenchClient.jsonList(seats) + "}");
    }

    @Override
    Outcome confirm(int user, String trip, List<String> seats) throws Exception {
        BenchClient.Answer response = client.call("POST", "/api/bookings", "X-User", "bench-user-" + user,
                "{\"tripId\":\"" + trip + "\",\"seats\":" + BenchClient.jsonList(seats) + "}");
        return confirmed(trip, seats, confirmation(response.statusCode(), response.body()));
    }

    @Override
    Outcome giveBack(int user, String trip, List<String> seats, Outcome confirmation) throws Exception {
        String body = "{\"tripId\":\"" + trip + "\",\"seats\":" + BenchClient.jsonList(seats) + "}";
        if (confirmation != null && confirmation.reference() != null) {
            return cancelled(trip, seats, send("/api/bookings/" + confirmation.reference() + "/cancel", user, body));
        }
        return send("/api/holds/release", user, body);
    }

    /** The baseline keeps no seat map: there is nothing to read. */
    @Override
    Outcome seatMap(int user, String trip) {
        return new Outcome(204, null);
    }

    private Outcome send(String path, int user, String body) throws Exception {
        BenchClient.Answer response = client.call("POST", path, "X-User", "bench-user-" + user, body);
        return outcome(response.statusCode(), response.body());
    }
}
