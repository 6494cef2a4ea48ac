package com.example.booking.api;

import com.example.booking.command.trip.TripSeats;
import com.example.booking.query.progress.ProjectionProgress;
import com.example.booking.shared.BookingReference;
import com.example.booking.shared.HoldId;
import com.example.booking.shared.Money;
import com.example.booking.shared.TripId;
import com.example.booking.shared.UserId;
import com.example.booking.shared.booking.BookingConfirmedEvent;
import com.example.booking.shared.booking.Contact;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.booking.Payment;
import com.example.booking.shared.hold.SeatsHeldEvent;
import com.example.booking.shared.hold.SeatsReleasedEvent;
import com.example.booking.shared.trip.Layout;
import com.example.booking.shared.trip.SeatDefinition;
import com.example.booking.shared.trip.SeatLayouts;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 4 of the benchmark issue: a trip of 100,000 seats with 1,000,000 events in its history. Not a test
 * (surefire does not run it); run by {@code bench/large-trip.sh}. It starts the application in-process on its
 * embedded defaults, schedules the trip through the API and writes its history straight into the event store
 * (the aggregate would take hours to produce it one command at a time): holds and releases over the whole
 * plan, then a final state of bookings, live holds and free seats. It then measures, in this order:
 * <ol>
 *     <li>loading the trip from its events alone, and from a snapshot, through the application's own
 *     repository with the trip evicted from the node's cache before each load (what a node sees after a
 *     restart, or after another node changed the trip);</li>
 *     <li>the live projections catching up with the history;</li>
 *     <li>seat-map reads, and holds and confirmations by concurrent users through the HTTP API, on that trip
 *     and, in the same run under the same load, on a fresh trip of scenario 1's size (10,000 seats, no
 *     history), so the cost of the size and the history shows as a ratio.</li>
 * </ol>
 */
public final class LargeTripBenchmark {

    private static final PrintStream REPORT = System.out;
    private static final int GROUP = 4;

    private LargeTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = InProcessService.options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "1000000"));
        int rows = Integer.parseInt(options.getOrDefault("rows", "250"));
        int columns = Integer.parseInt(options.getOrDefault("columns", "400"));
        long spacing = Long.parseLong(options.getOrDefault("spacing-ms", "10"));
        int loads = Integer.parseInt(options.getOrDefault("loads", "20"));
        int users = Integer.parseInt(options.getOrDefault("users", "20"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "20"));
        // the load's users send more than a person would; the per-user allowance is not what is measured
        options.putIfAbsent("booking.rate-limit.commands-per-minute", "1000000");
        ConfigurableApplicationContext app = InProcessService.start(options);
        try {
            ApiClient api = new ApiClient(InProcessService.port(app));
            String admin = api.token("admin", "ADMIN");
            String large = "large-" + UUID.randomUUID().toString().substring(0, 6);
            String fresh = "fresh-" + UUID.randomUUID().toString().substring(0, 6);
            check(api.createTrip(admin, large, rows, columns), 201);
            check(api.createTrip(admin, fresh, 100, 100), 201);
            List<String> labels = SeatLayouts.expand(new Layout(rows, columns, "std")).stream()
                    .map(SeatDefinition::label).toList();

            History history = new History(large, labels, events, spacing);
            EventStorageEngine storage = app.getBean(EventStorageEngine.class);
            long seedStart = System.nanoTime();
            history.writeTo(storage);
            REPORT.printf("seeded %,d events on a trip of %,d seats in %.1f s: %,d bookings, %,d seats held, %,d free%n",
                    history.lastSequence, labels.size(), seconds(seedStart), history.bookings, history.heldSeats,
                    history.freeSeats.size());

            // live events must come after the history, for the same reason: the messages' clock jumps past its end
            Duration ahead = Duration.between(Instant.now(), history.end).plusSeconds(1);
            GenericEventMessage.clock = Clock.offset(Clock.systemUTC(), ahead.isNegative() ? Duration.ZERO : ahead);
            org.axonframework.config.Configuration axon = app.getBean(org.axonframework.config.Configuration.class);
            Repository<TripSeats> repository = axon.repository(TripSeats.class);
            Cache cache = app.getBean("tripSeatsCache", Cache.class);
            REPORT.printf("load from %,d events alone: %.0f ms%n", history.lastSequence + 1, load(repository, cache, large));

            long snapshotStart = System.nanoTime();
            app.getBean(Snapshotter.class).scheduleSnapshot(TripSeats.class, large);
            Optional<DomainEventMessage<?>> snapshot = Optional.empty();
            while (snapshot.isEmpty() && seconds(snapshotStart) < 600) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                snapshot = storage.readSnapshot(large);
            }
            if (snapshot.isEmpty()) {
                throw new IllegalStateException("no snapshot of " + large + " after 600 s");
            }
            int snapshotBytes = axon.eventSerializer().serialize(snapshot.get().getPayload(), byte[].class).getData().length;
            REPORT.printf("snapshot at sequence %,d taken in %.1f s, %,d bytes%n", snapshot.get().getSequenceNumber(),
                    seconds(snapshotStart), snapshotBytes);
            loadsFromSnapshot(repository, cache, large, loads, "while the projections catch up");

            long catchUp = System.nanoTime();
            ProjectionProgress progress = app.getBean(ProjectionProgress.class);
            if (!progress.awaitTrip(large, history.lastSequence, Duration.ofHours(2))) {
                throw new IllegalStateException("projections did not catch up with " + large);
            }
            REPORT.printf("live projections caught up in %.1f s (%,.0f events/s per projection)%n", seconds(catchUp),
                    history.lastSequence / seconds(catchUp));
            loadsFromSnapshot(repository, cache, large, loads, "on an idle service");

            // the bytes only, as curl would: parsing 13 MB of JSON in this process is not the service's time
            HttpClient http = HttpClient.newHttpClient();
            for (String trip : List.of(fresh, large)) {
                long[] reads = new long[20];
                int bytes = 0;
                for (int i = 0; i < reads.length; i++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> map = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + InProcessService.port(app) + "/api/trips/" + trip + "/seats")).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    reads[i] = (System.nanoTime() - start) / 1000;
                    bytes = map.body().length;
                }
                long[] after = Arrays.copyOfRange(reads, 1, reads.length);
                REPORT.printf("seat map of %s (%,d bytes), %d reads one after another, ms: first %.1f, then p50 %.1f p99 %.1f%n",
                        trip, bytes, reads.length, reads[0] / 1000.0, percentile(after, 50) / 1000.0, percentile(after, 99) / 1000.0);
            }

            List<String> freshSeats = SeatLayouts.expand(new Layout(100, 100, "std")).stream().map(SeatDefinition::label).toList();
            Load warmUp = new Load(api, users, warmup);
            warmUp.run(Map.of(fresh, freshSeats.subList(0, freshSeats.size() / 2), large,
                    history.freeSeats.subList(0, history.freeSeats.size() / 2)));
            for (Map.Entry<String, List<String>> target : List.of(
                    Map.entry(fresh, freshSeats.subList(freshSeats.size() / 2, freshSeats.size())),
                    Map.entry(large, history.freeSeats.subList(history.freeSeats.size() / 2, history.freeSeats.size())))) {
                Load measured = new Load(api, users, seconds);
                measured.run(Map.of(target.getKey(), target.getValue()));
                REPORT.printf("%s, %d users for %d s: %s%n", target.getKey(), users, seconds, measured.summary());
            }
        } finally {
            app.close();
        }
    }

    private static void loadsFromSnapshot(Repository<TripSeats> repository, Cache cache, String trip, int loads, String when) {
        REPORT.printf("loading from the snapshot %s ...%n", when);
        long[] micros = new long[loads];
        for (int i = 0; i < loads; i++) {
            micros[i] = Math.round(load(repository, cache, trip) * 1000);
        }
        Arrays.sort(micros);
        REPORT.printf("load from the snapshot %s, %d loads, ms: p50 %.1f  max %.1f  (all: %s)%n", when, loads,
                micros[loads / 2] / 1000.0, micros[loads - 1] / 1000.0, micros(micros));
    }

    /** Milliseconds to load the trip through the application's repository, with the node's cache emptied of it. */
    private static double load(Repository<TripSeats> repository, Cache cache, String trip) {
        cache.remove(trip);
        long start = System.nanoTime();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            repository.load(trip);
        } finally {
            unitOfWork.rollback();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /**
     * The trip's seeded history. Seats go in groups of four; every group is held and released over and over
     * (the churn of an on-sale), and finally every second group is held and booked, every fourth held and
     * left held, and the rest left free. Events are stamped {@code spacing} apart from now on, so they lie
     * after everything the projections have seen (axon-mongo tracks the store by timestamp and never looks
     * back further than its look-back window), and so they end in the future.
     */
    private static final class History {

        final String trip;
        final List<String> labels;
        final List<String> freeSeats = new ArrayList<>();
        final long spacing;
        final int churnPairs;
        long lastSequence;
        /** The timestamp of the last event written. */
        Instant end;
        int bookings;
        int heldSeats;

        History(String trip, List<String> labels, int events, long spacing) {
            this.trip = trip;
            this.labels = labels;
            this.spacing = spacing;
            int groups = labels.size() / GROUP;
            int finalEvents = groups / 2 * 2 + groups / 4;
            this.churnPairs = Math.max(0, (events - 1 - finalEvents) / 2);
        }

        void writeTo(EventStorageEngine storage) {
            int groups = labels.size() / GROUP;
            long total = 2L * churnPairs + groups / 2 * 2 + groups / 4;
            Instant start = Instant.now();
            Instant liveHoldsUntil = Instant.now().plus(Duration.ofHours(3));
            List<DomainEventMessage<?>> pending = new ArrayList<>(1000);
            long sequence = 0;
            for (int pair = 0; pair < churnPairs; pair++) {
                List<String> seats = group(pair % groups);
                UserId user = user(pair);
                Instant at = start.plusMillis(spacing * sequence);
                pending.add(event(++sequence, new SeatsHeldEvent(new TripId(trip), new HoldId(trip + "-c" + pair), user,
                        seats, at, at.plus(Duration.ofMinutes(10))), user, at));
                at = at.plusMillis(spacing);
                pending.add(event(++sequence, new SeatsReleasedEvent(new TripId(trip), user, seats, at), user, at));
                flushIfFull(storage, pending);
            }
            for (int g = 0; g < groups; g++) {
                List<String> seats = group(g);
                UserId user = user(g);
                Instant at = start.plusMillis(spacing * sequence);
                if (g % 2 == 0) {
                    HoldId hold = new HoldId(trip + "-b" + g);
                    pending.add(event(++sequence, new SeatsHeldEvent(new TripId(trip), hold, user, seats, at,
                            at.plus(Duration.ofMinutes(10))), user, at));
                    at = at.plusMillis(spacing);
                    pending.add(event(++sequence, new BookingConfirmedEvent(new TripId(trip),
                            reference(g), user, seats,
                            seats.stream().map(seat -> new Passenger("Pax", seat, "passport", "X" + seat)).toList(),
                            new Payment("psp_" + g, "card"), new Contact("Pax", "pax@example.com", null),
                            new Money(new BigDecimal("40.00"), "EUR"), at, List.of(hold)), user, at));
                    bookings++;
                } else if (g % 4 == 1) {
                    pending.add(event(++sequence, new SeatsHeldEvent(new TripId(trip), new HoldId(trip + "-h" + g), user,
                            seats, at, liveHoldsUntil), user, at));
                    heldSeats += seats.size();
                } else {
                    freeSeats.addAll(seats);
                }
                flushIfFull(storage, pending);
            }
            storage.appendEvents(pending);
            lastSequence = sequence;
            end = start.plusMillis(spacing * sequence);
            Collections.shuffle(freeSeats);
        }

        private static void flushIfFull(EventStorageEngine storage, List<DomainEventMessage<?>> pending) {
            if (pending.size() >= 1000) {
                storage.appendEvents(new ArrayList<>(pending));
                pending.clear();
            }
        }

        private List<String> group(int g) {
            return labels.subList(g * GROUP, g * GROUP + GROUP);
        }

        /** A valid reference of its own per group: six characters of the service's alphabet. */
        private static BookingReference reference(int g) {
            String alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
            StringBuilder reference = new StringBuilder();
            for (int n = g, i = 0; i < 6; i++, n /= alphabet.length()) {
                reference.append(alphabet.charAt(n % alphabet.length()));
            }
            return new BookingReference(reference.toString());
        }

        private static UserId user(int n) {
            return new UserId("user-" + n % 997);
        }

        /** Stamped with its place in the history, like a live event, not with the seeding clock. */
        private DomainEventMessage<?> event(long sequence, Object payload, UserId actor, Instant at) {
            return new GenericDomainEventMessage<>("TripSeats", trip, sequence, payload,
                    MetaData.with("actor", actor.value()).and("channel", "REST"), UUID.randomUUID().toString(), at);
        }
    }

    /**
     * Closed-loop users holding 1–4 random seats of the given trips' seats and confirming half of their
     * holds, through the HTTP API; latencies in microseconds per operation, answers by status and code.
     */
    private static final class Load {

        private final ApiClient api;
        private final int users;
        private final int seconds;
        private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        private final Map<String, Integer> outcomes = new ConcurrentHashMap<>();

        Load(ApiClient api, int users, int seconds) {
            this.api = api;
            this.users = users;
            this.seconds = seconds;
        }

        void run(Map<String, List<String>> seatsByTrip) throws InterruptedException {
            List<String> trips = List.copyOf(seatsByTrip.keySet());
            long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                String token = api.token("large-user-" + u + "-" + UUID.randomUUID().toString().substring(0, 4), "USER");
                Thread thread = new Thread(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < until) {
                        String trip = trips.get(random.nextInt(trips.size()));
                        List<String> seats = seatsByTrip.get(trip);
                        List<String> wanted = new ArrayList<>();
                        int count = 1 + random.nextInt(4);
                        while (wanted.size() < count) {
                            String seat = seats.get(random.nextInt(seats.size()));
                            if (!wanted.contains(seat)) {
                                wanted.add(seat);
                            }
                        }
                        ApiClient.Response hold = timed("hold", () -> api.post("/api/trips/" + trip + "/holds", token,
                                Map.of("seats", wanted)));
                        if (hold.status() == 201 && random.nextBoolean()) {
                            timed("confirm", () -> api.post("/api/bookings", token, ApiClient.booking(trip, wanted)));
                        }
                    }
                }, "large-trip-user");
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private ApiClient.Response timed(String operation, java.util.function.Supplier<ApiClient.Response> call) {
            long start = System.nanoTime();
            ApiClient.Response response = call.get();
            latencies.computeIfAbsent(operation, any -> Collections.synchronizedList(new ArrayList<>()))
                    .add((System.nanoTime() - start) / 1000);
            outcomes.merge(operation + " " + response.status() + (response.code() == null ? "" : " " + response.code()), 1,
                    Integer::sum);
            return response;
        }

        String summary() {
            StringBuilder line = new StringBuilder();
            for (String operation : List.of("hold", "confirm")) {
                long[] values = latencies.getOrDefault(operation, List.of()).stream().mapToLong(Long::longValue).sorted().toArray();
                if (values.length > 0) {
                    line.append(String.format("%s %.1f/s p50 %.1f p95 %.1f p99 %.1f max %.1f ms; ", operation,
                            values.length / (double) seconds, percentile(values, 50) / 1000.0, percentile(values, 95) / 1000.0,
                            percentile(values, 99) / 1000.0, values[values.length - 1] / 1000.0));
                }
            }
            return line.append(new TreeMap<>(outcomes)).toString();
        }
    }

    private static long percentile(long[] sorted, int percent) {
        long[] values = sorted.clone();
        Arrays.sort(values);
        return values.length == 0 ? 0 : values[Math.min(values.length - 1, (int) Math.ceil(percent / 100.0 * values.length) - 1)];
    }

    private static String micros(long[] values) {
        StringBuilder text = new StringBuilder();
        for (long value : values) {
            text.append(text.isEmpty() ? "" : " ").append(String.format("%.1f", value / 1000.0));
        }
        return text.toString();
    }

    private static ApiClient.Response check(ApiClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.status() + " " + response.body());
        }
        return response;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

}
