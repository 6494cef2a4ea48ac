package com.example.booking.bench;

import java.util.List;
import java.util.stream.Collectors;

/** The booking service, with a development token per user; with several nodes, user n always talks to node n mod k. */
final class ServiceTarget extends Target {

    private final List<BenchClient> nodes;
    private final List<String> tokens;

    ServiceTarget(List<BenchClient> nodes, List<String> tokens) {
        this.nodes = nodes;
        this.tokens = tokens;
    }

    private BenchClient node(int user) {
        return nodes.get(user % nodes.size());
    }

    @Override
    Outcome hold(int user, String trip, List<String> seats) throws Exception {
        BenchClient.Answer response = node(user).send("POST", "/api/trips/" + trip + "/holds", tokens.get(user),
                "{\"seats\":" + BenchClient.jsonList(seats) + "}");
        return outcome(response.statusCode(), response.body());
    }

    @Override
    Outcome confirm(int user, String trip, List<String> seats) throws Exception {
        String passengers = seats.stream().map(seat -> """
                {"firstName":"Pax","lastName":"%s","idType":"passport","idNumber":"X%s"}""".formatted(seat, seat))
                .collect(Collectors.joining(",", "[", "]"));
        BenchClient.Answer response = node(user).send("POST", "/api/bookings", tokens.get(user), """
                {"tripId":"%s","seats":%s,"passengers":%s,"payment":{"reference":"psp_%s","method":"card"},
                 "contact":{"name":"Pax","email":"pax@example.com"}}""".formatted(trip, BenchClient.jsonList(seats),
                passengers, seats.get(0)));
        return confirmed(trip, seats, confirmation(response.statusCode(), response.body()));
    }

    @Override
    Outcome giveBack(int user, String trip, List<String> seats, Outcome confirmation) throws Exception {
        if (confirmation != null && confirmation.reference() != null) {
            BenchClient.Answer response = node(user).send("POST", "/api/bookings/" + confirmation.reference() + "/cancel",
                    tokens.get(user), null);
            return cancelled(trip, seats, outcome(response.statusCode(), response.body()));
        }
        BenchClient.Answer response = node(user).send("DELETE", "/api/trips/" + trip + "/holds", tokens.get(user),
                "{\"seats\":" + BenchClient.jsonList(seats) + "}");
        return outcome(response.statusCode(), response.body());
    }

    @Override
    Outcome seatMap(int user, String trip) throws Exception {
        int status = node(user).status("/api/trips/" + trip + "/seats", tokens.get(user));
        return outcome(status, null);
    }
}
