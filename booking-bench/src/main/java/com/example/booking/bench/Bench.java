package com.example.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Drives the running service through its HTTP API with closed-loop users and reports what they saw.
 * Each user, in a loop: now and then reads a seat map, holds 1–4 random seats of a random trip
 * (all-or-nothing) and confirms a share of its successful holds. The scenarios of the benchmark issue are
 * presets of the same loop; {@code --baseline true} runs the same load, in the same run, against a
 * minimal Redis-lock-plus-MongoDB service too, for the cost of event sourcing as a ratio.
 *
 * <p>Afterwards it looks for double bookings: in its own confirmed answers, in the final seat maps, and
 * in every trip's history read back from the event store.
 */
public final class Bench {

    private static final int HISTORY_PAGE = 200;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> options;
    /** Every node of the service under test ({@code --url a,b}); set-up and checks go to the first. */
    private final List<BenchClient> nodes;
    private final BenchClient client;

    private Bench(Map<String, String> options) {
        this.options = options;
        this.nodes = Arrays.stream(options.getOrDefault("url", "http://localhost:8080").split(","))
                .map(url -> new BenchClient(url, options.getOrDefault("http", "apache"))).toList();
        this.client = nodes.get(0);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(presets(BenchClient.options(args).getOrDefault("scenario", "onsale")));
        options.putAll(BenchClient.options(args));
        new Bench(options).run();
    }

    /** Scenario 1 (on-sale burst) and 2 (steady state) of the benchmark issue. */
    private static Map<String, String> presets(String scenario) {
        return switch (scenario) {
            case "onsale" -> Map.of("trips", "1", "rows", "100", "columns", "100", "users", "1000", "think", "0");
            case "steady" -> Map.of("trips", "200", "rows", "15", "columns", "4", "users", "500", "think", "100");
            default -> throw new IllegalArgumentException("unknown scenario " + scenario + " (onsale, steady)");
        };
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        String scenario = options.getOrDefault("scenario", "onsale");
        int trips = option("trips", 1);
        int rows = option("rows", 100);
        int columns = option("columns", 100);
        int users = option("users", 1000);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", scenario);
        report.put("date", Instant.now().toString());
        report.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version"));
        report.put("settings", new LinkedHashMap<>(options));

        String admin = client.token("bench-admin", "ADMIN");
        List<String> tripIds = new ArrayList<>();
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        List<String> warmUpTrips = new ArrayList<>();
        for (int i = 0; i < trips; i++) {
            tripIds.add(client.createTrip(admin, prefix + i, "Benchmark " + i, rows, columns));
        }
        // a few are enough to warm the JIT; many would run into the admin's own command rate limit
        for (int i = 0; i < Math.min(trips, 10); i++) {
            warmUpTrips.add(client.createTrip(admin, prefix + "warm-" + i, "Warm-up " + i, rows, columns));
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            tokens.add(client.token("bench-user-" + i, "USER"));
        }
        Target service = new ServiceTarget(nodes, tokens);
        Map<String, Object> serviceFigures;
        // scenario 3: subscribers of the first measured trip, connected before its load starts
        int subscribers = option("subscribers", 0);
        LiveSubscribers live = subscribers == 0 ? null : new LiveSubscribers(client,
                StompSockets.of(options.getOrDefault("client", "netty")), tripIds.get(0),
                Boolean.parseBoolean(options.getOrDefault("conflate", "false")));
        try (AppSampler app = new AppSampler(client, admin)) {
            if (live != null) {
                double took = live.connect(client.viewerTokens("bench-viewer", subscribers), Duration.ofMinutes(10));
                BenchClient.REPORT.printf("%d subscribers of %s connected, snapshots received, in %.1f s; app heap %s MiB%n",
                        subscribers, tripIds.get(0), took, app.maxMiB());
            }
            WarmUpTrips.Maker fresh = n -> client.createTrip(admin, prefix + "warm-r" + n, "Warm-up " + n, rows, columns);
            serviceFigures = load(service, warmUpTrips, fresh, tripIds, rows, columns, users, app);
            serviceFigures.put("appHeapUsedMaxMiB", app.maxMiB());
        }
        BenchClient.REPORT.printf("%nscenario %s, %s, %s%n", scenario, report.get("date"), report.get("machine"));
        print("service", serviceFigures);
        if (live != null) {
            try (live) {
                serviceFigures.put("live", live.figures(admin, Duration.ofSeconds(option("settle", 300))));
            }
            BenchClient.REPORT.printf("live subscribers: %s%n", serviceFigures.get("live"));
        }
        try {
            serviceFigures.put("doubleBookings", doubleBookings(admin, tripIds, service));
        } catch (Exception e) {
            // the figures above stand; the report says the check could not be completed instead of hiding it
            serviceFigures.put("doubleBookings", Map.of("checkFailed", e.toString(),
                    "inAnswers", service.doubleBookedInAnswers()));
        }
        report.put("service", serviceFigures);
        BenchClient.REPORT.printf("service double bookings: %s%n", serviceFigures.get("doubleBookings"));

        if (Boolean.parseBoolean(options.getOrDefault("baseline", "false"))) {
            try (BaselineService baseline = new BaselineService(options.get("redis"), options.get("mongo"))) {
                Target target = new BaselineTarget(new BenchClient(baseline.url(), options.getOrDefault("http", "apache")));
                // the baseline knows no trips: a fresh id is a fresh trip there
                Map<String, Object> baselineFigures = load(target, warmUpTrips, n -> prefix + "warm-b" + n, tripIds,
                        rows, columns, users, null);
                int doubles = 0;
                for (String trip : tripIds) {
                    List<String> booked = baseline.bookedSeats(trip);
                    doubles += booked.size() - (int) booked.stream().distinct().count();
                }
                baselineFigures.put("doubleBookings", Map.of("inAnswers", target.doubleBookedInAnswers(), "inStore", doubles));
                report.put("baseline", baselineFigures);
                print("baseline", baselineFigures);
                BenchClient.REPORT.printf("baseline double bookings: %s%n", baselineFigures.get("doubleBookings"));
            }
        }
        Path json = Path.of(options.getOrDefault("json", "target/bench-" + scenario + ".json"));
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, JSON.writeValueAsString(report));
        BenchClient.REPORT.println("JSON: " + json.toAbsolutePath());
    }

    /**
     * Runs the users for warm-up plus the measured window; only requests inside the window count. The
     * warm-up goes to trips of its own, so the JIT (which takes more than a minute of one core here) is
     * done before the measured trips see their first request, and these start as empty as a real on-sale.
     * A warm-up trip mostly taken is replaced by {@code fresh} ones ({@link WarmUpTrips}).
     */
    private Map<String, Object> load(Target target, List<String> warmUpTrips, WarmUpTrips.Maker fresh,
                                     List<String> trips, int rows, int columns, int users, AppSampler app)
            throws InterruptedException {
        int seconds = option("seconds", 30);
        int warmup = option("warmup", 60);
        int think = option("think", 0);
        double confirmShare = Double.parseDouble(options.getOrDefault("confirm", "0.5"));
        int mapEvery = option("map-every", 10);
        long measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
        long measureUntil = measureFrom + seconds * 1_000_000_000L;
        Map<String, Recorder> recorders = new LinkedHashMap<>();
        for (String operation : List.of("hold", "confirm", "seat-map")) {
            recorders.put(operation, new Recorder(operation));
        }
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(users);
        // a user's think time is a scheduled delay before its next round, so no thread sleeps through it
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(users, runnable -> {
            Thread thread = new Thread(runnable, "user");
            thread.setDaemon(true);
            return thread;
        });
        // off by default: fresh trips keep the warm-up on holds and confirmations, but each one stays in the
        // service, and at 512 MiB seven of them made young collections four times as frequent (session 24)
        boolean freshWarmUpTrips = Boolean.parseBoolean(options.getOrDefault("fresh-warm-up-trips", "false"));
        WarmUpTrips warmUp = new WarmUpTrips(warmUpTrips, rows * columns, freshWarmUpTrips ? fresh : null);
        // off by default: a user gives its last warm-up round's seats back (cancels the booking, releases the
        // hold) before its next one, so the warm-up trip never sells out and the JIT keeps seeing holds that
        // succeed and confirmations next to the refusals, as the measured trip's first seconds bring them
        boolean seatsBack = Boolean.parseBoolean(options.getOrDefault("warm-up-seats-back", "false"));
        Workload workload = new Workload(target, warmUp, trips, rows, columns, confirmShare, mapEvery, recorders,
                measureFrom, measureUntil, new ConcurrentHashMap<>());
        for (int u = 0; u < users; u++) {
            int user = u;
            pool.execute(new Runnable() {
                private int round;
                private Workload.Taken taken;

                @Override
                public void run() {
                    try {
                        if (taken != null && System.nanoTime() < measureFrom) {
                            workload.giveBack(user, taken);
                        }
                        taken = workload.round(user, round++);
                        if (!seatsBack) {
                            taken = null;
                        }
                    } catch (Exception e) {
                        failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                        done.countDown();
                        return;
                    }
                    if (System.nanoTime() >= measureUntil) {
                        done.countDown();
                    } else {
                        pool.schedule(this, think == 0 ? 0 : ThreadLocalRandom.current().nextInt(2 * think + 1),
                                TimeUnit.MILLISECONDS);
                    }
                }
            });
        }
        done.await();
        pool.shutdownNow();
        warmUp.close();
        Map<String, Object> figures = new LinkedHashMap<>();
        List<Object> operations = new ArrayList<>();
        recorders.values().forEach(recorder -> operations.add(recorder.summary(seconds)));
        figures.put("operations", operations);
        figures.put("clientFailures", failures);
        figures.put("warmUpTripsReplaced", warmUp.replaced());
        figures.put("warmUpSeatsGivenBack", new TreeMap<>(workload.givenBack()));
        if (app != null) {
            figures.putAll(app.window(measureFrom, measureUntil));
            figures.put("appBySlice", app.slices(measureFrom, measureUntil, Recorder.SLICE_SECONDS));
        }
        return figures;
    }

    /** One round of a user: maybe a seat-map read, a hold of 1–4 random seats, maybe a confirmation. */
    private record Workload(Target target, WarmUpTrips warmUp, List<String> trips, int rows, int columns,
                            double confirmShare, int mapEvery, Map<String, Recorder> recorders, long measureFrom,
                            long measureUntil, Map<String, Integer> givenBack) {

        /** Seats a warm-up round took, and the confirmation made of them, if any. */
        record Taken(String trip, List<String> seats, Outcome confirmation) {
        }

        void giveBack(int user, Taken taken) throws Exception {
            Outcome outcome = target.giveBack(user, taken.trip(), taken.seats(), taken.confirmation());
            givenBack.merge((taken.confirmation() == null ? "released " : "cancelled ") + outcome.status()
                    + (outcome.code() == null ? "" : " " + outcome.code()), 1, Integer::sum);
        }

        /** One round; returns the seats it took on a warm-up trip, or null. */
        Taken round(int user, int round) throws Exception {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            boolean warmingUp = System.nanoTime() < measureFrom;
            String trip = warmingUp ? warmUp.pick(random.nextInt()) : trips.get(random.nextInt(trips.size()));
            if (round % mapEvery == 0) {
                timed(recorders.get("seat-map"), measureFrom, measureUntil, () -> target.seatMap(user, trip));
            }
            List<String> seats = new ArrayList<>();
            int wanted = 1 + random.nextInt(4);
            while (seats.size() < wanted) {
                String seat = (1 + random.nextInt(rows)) + BenchClient.columnLetters(1 + random.nextInt(columns));
                if (!seats.contains(seat)) {
                    seats.add(seat);
                }
            }
            Outcome held = timed(recorders.get("hold"), measureFrom, measureUntil, () -> target.hold(user, trip, seats));
            if (warmingUp && held.status() == 201) {
                warmUp.taken(trip, seats.size());
            }
            Outcome confirmation = null;
            if (held.status() == 201 && random.nextDouble() < confirmShare) {
                confirmation = timed(recorders.get("confirm"), measureFrom, measureUntil,
                        () -> target.confirm(user, trip, seats));
            }
            return warmingUp && held.status() == 201 ? new Taken(trip, seats, confirmation) : null;
        }
    }

    private interface Call {
        Outcome call() throws Exception;
    }

    private static Outcome timed(Recorder recorder, long from, long until, Call call) throws Exception {
        long start = System.nanoTime();
        Outcome outcome = call.call();
        long end = System.nanoTime();
        if (start >= from && end <= until) {
            recorder.record(end - start, start - from, outcome.status() + (outcome.code() == null ? "" : " " + outcome.code()));
        }
        return outcome;
    }

    /**
     * Seats confirmed twice: among the answers the users got, in the final seat maps (every seat a user was
     * told is booked must be booked there) and in the event store (a seat confirmed again without a
     * cancellation in between).
     */
    private Map<String, Object> doubleBookings(String admin, List<String> trips, Target target) throws Exception {
        long caughtUpAfter = awaitProjections(admin);
        int missingFromMaps = 0;
        int inStore = 0;
        long events = 0;
        for (String trip : trips) {
            JsonNode map = JSON.readTree(client.send("GET", "/api/trips/" + trip + "/seats", admin, null).body());
            Map<String, String> status = new HashMap<>();
            map.get("seats").forEach(seat -> status.put(seat.get("label").asText(), seat.get("status").asText()));
            for (String seat : target.confirmedSeats(trip)) {
                if (!"booked".equals(status.get(seat))) {
                    missingFromMaps++;
                }
            }
            Map<String, Integer> booked = new HashMap<>();
            for (long from = 0; ; from += HISTORY_PAGE) {
                BenchClient.Answer page = client.send("GET", "/api/admin/trips/" + trip + "/history?from=" + from
                        + "&limit=" + HISTORY_PAGE, admin, null);
                JsonNode entries = JSON.readTree(page.body());
                for (JsonNode entry : entries) {
                    events++;
                    String type = entry.get("type").asText();
                    int change = type.equals("BookingConfirmed") ? 1 : type.equals("BookingCancelled") ? -1 : 0;
                    if (change != 0) {
                        for (JsonNode seat : entry.at("/data/seats")) {
                            if (booked.merge(seat.asText(), change, Integer::sum) > 1) {
                                inStore++;
                            }
                        }
                    }
                }
                if (entries.size() < HISTORY_PAGE) {
                    break;
                }
            }
        }
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("inAnswers", target.doubleBookedInAnswers());
        found.put("confirmedButNotBookedInReadModel", missingFromMaps);
        found.put("inEventStore", inStore);
        found.put("eventsChecked", events);
        found.put("projectionsCaughtUpAfterMillis", caughtUpAfter);
        return found;
    }

    /**
     * Waits until every projection has applied every trip event: an answer waits for the read models only
     * up to the service's read-your-writes timeout, so right after a heavy run they may still be behind.
     * The time it took is itself a figure of the run.
     */
    private long awaitProjections(String admin) throws Exception {
        long start = System.nanoTime();
        long deadline = start + 300_000_000_000L;
        CountDownLatch caughtUp = new CountDownLatch(1);
        ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor();
        try {
            poll.scheduleWithFixedDelay(() -> {
                try {
                    JsonNode status = JSON.readTree(client.send("GET", "/api/admin/projections", admin, null).body());
                    boolean behind = false;
                    for (JsonNode projection : status) {
                        behind |= projection.path("lag").asLong(1) > 0;
                    }
                    if (!behind) {
                        caughtUp.countDown();
                    }
                } catch (Exception e) {
                    // the next poll asks again
                }
            }, 0, 500, TimeUnit.MILLISECONDS);
            if (!caughtUp.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("projections still behind after 300 s");
            }
        } finally {
            poll.shutdownNow();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @SuppressWarnings("unchecked")
    private static void print(String side, Map<String, Object> figures) {
        BenchClient.REPORT.printf("%n%-9s %-9s %8s %8s %8s %8s %8s %8s  %s%n", side, "operation", "req/s", "ok/s",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "outcomes");
        for (Object o : (List<Object>) figures.get("operations")) {
            Map<String, Object> op = (Map<String, Object>) o;
            BenchClient.REPORT.printf("%-9s %-9s %8s %8s %8s %8s %8s %8s  %s%n", "", op.get("operation"),
                    op.get("perSecond"), op.get("succeededPerSecond"), op.get("p50"), op.get("p95"), op.get("p99"),
                    op.get("max"), op.get("outcomes"));
        }
        for (Object o : (List<Object>) figures.get("operations")) {
            Map<String, Object> op = (Map<String, Object>) o;
            if (!((List<?>) op.get("p99BySlice")).isEmpty()) {
                BenchClient.REPORT.printf("%s by %d-s slice of the window: p99 ms %s, successes %s%n",
                        op.get("operation"), Recorder.SLICE_SECONDS, op.get("p99BySlice"), op.get("succeededBySlice"));
            }
        }
        BenchClient.REPORT.printf("client failures: %s; app heap used, max sampled: %s MiB; warm-up trips replaced when mostly taken: %s; warm-up seats given back: %s%n",
                figures.get("clientFailures"), figures.getOrDefault("appHeapUsedMaxMiB", "-"),
                figures.get("warmUpTripsReplaced"), figures.get("warmUpSeatsGivenBack"));
        if (figures.containsKey("appCpuCores")) {
            BenchClient.REPORT.printf("app in the window: %s cores of CPU; JIT compiling %s s per s; embedded MongoDB page reads %s per s%n",
                    figures.get("appCpuCores"), figures.get("appJitBusyPerSecond"),
                    figures.getOrDefault("embeddedMongoPageReadsPerSecond", "-"));
            BenchClient.REPORT.printf("where a command's time went, the service's means in the window (ms; size in commands): %s%n",
                    figures.get("commandStageMeans"));
            BenchClient.REPORT.printf("the app by %d-s slice of the window (cores, JIT s per s, queued ms, projection lag ms): %s%n",
                    Recorder.SLICE_SECONDS, figures.get("appBySlice"));
        }
    }
}
