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
    private static final Pattern REFERENCE = Pattern.compile("\"reference\"\\s*:\\s*\"([^\"]+)\"");

    private final Map<String, Map<String, Integer>> confirmed = new ConcurrentHashMap<>();

    abstract Outcome hold(int user, String trip, List<String> seats) throws Exception;

    abstract Outcome confirm(int user, String trip, List<String> seats) throws Exception;

    abstract Outcome seatMap(int user, String trip) throws Exception;

    /** Releases seats the user holds, or cancels the booking {@code confirmation} made of them. */
    abstract Outcome giveBack(int user, String trip, List<String> seats, Outcome confirmation) throws Exception;

    /** Records a confirmation the server answered with success. */
    Outcome confirmed(String trip, List<String> seats, Outcome outcome) {
        if (outcome.status() == 201) {
            Map<String, Integer> seatsOfTrip = confirmed.computeIfAbsent(trip, t -> new ConcurrentHashMap<>());
            seats.forEach(seat -> seatsOfTrip.merge(seat, 1, Integer::sum));
        }
        return outcome;
    }

    /** Records a cancellation the server answered with success: the seats may be confirmed again. */
    Outcome cancelled(String trip, List<String> seats, Outcome outcome) {
        if (outcome.status() == 200) {
            Map<String, Integer> seatsOfTrip = confirmed.get(trip);
            seats.forEach(seat -> seatsOfTrip.computeIfPresent(seat, (s, times) -> times == 1 ? null : times - 1));
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

    /** A confirmation's outcome, with the booking reference a success answered. */
    static Outcome confirmation(int status, String body) {
        Matcher matcher = REFERENCE.matcher(status < 300 && body != null ? body : "");
        return matcher.find() ? new Outcome(status, null, matcher.group(1)) : outcome(status, body);
    }

    static Outcome outcome(int status, String body) {
        if (status < 300) {
            return new Outcome(status, null);
        }
        Matcher matcher = CODE.matcher(body == null ? "" : body);
        return new Outcome(status, matcher.find() ? matcher.group(1) : "?");
    }
}
