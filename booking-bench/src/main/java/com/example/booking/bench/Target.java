package com.example.booking.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the load goes: the service or the baseline. Remembers every seat it was told is booked, so that a
 * seat confirmed to two users is found whatever the server's own records say.
 */
abstract class Target {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    private final Map<String, Map<String, Integer>> confirmed = new ConcurrentHashMap<>();

    abstract Outcome hold(int user, String trip, List<String> seats) throws Exception;

    abstract Outcome confirm(int user, String trip, List<String> seats) throws Exception;

    abstract Outcome seatMap(int user, String trip) throws Exception;

    /** Records a confirmation the server answered with success. */
    Outcome confirmed(String trip, List<String> seats, Outcome outcome) {
        if (outcome.status() == 201) {
            Map<String, Integer> seatsOfTrip = confirmed.computeIfAbsent(trip, t -> new ConcurrentHashMap<>());
            seats.forEach(seat -> seatsOfTrip.merge(seat, 1, Integer::sum));
        }
        return outcome;
    }

    List<String> confirmedSeats(String trip) {
        return new ArrayList<>(confirmed.getOrDefault(trip, Map.of()).keySet());
    }

    int doubleBookedInAnswers() {
        return confirmed.values().stream().flatMap(seats -> seats.values().stream())
                .mapToInt(times -> times - 1).sum();
    }

    static Outcome outcome(int status, String body) {
        if (status < 300) {
            return new Outcome(status, null);
        }
        Matcher matcher = CODE.matcher(body == null ? "" : body);
        return new Outcome(status, matcher.find() ? matcher.group(1) : "?");
    }
}
