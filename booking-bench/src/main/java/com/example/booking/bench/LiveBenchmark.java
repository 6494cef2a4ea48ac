package com.example.booking.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Push latency to many live subscribers of one trip: {@code subscribers} STOMP sessions subscribe to the
 * trip's seats while one writer holds seats one after another. For every change it records when the
 * hold was sent and when each subscriber received the change, and prints p50/p99 delivery latency,
 * messages delivered per second and the server's heap per connection.
 * <p>
 * Arguments (optional): {@code --url http://localhost:8080 --subscribers 2000 --holds 200 --rows 20 --columns 10
 * --warmup-holds 0 --pace-ms 0 --client netty}. Without a pace each hold is sent as soon as the one before is answered, so a
 * hold's fan-out may queue behind the last one's; with {@code --pace-ms} the holds start that far apart and the
 * figures are those of one change at a time. Warm-up holds are sent and delivered like the others but not counted: on two cores the JIT
 * is still compiling the fan-out path during the first thousands of messages after a start.
 */
public final class LiveBenchmark {

    private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");

    private final BenchClient client;
    /** The subscribers' own client, apart from the writer's. */
    private final StompSockets sockets;
    private final String url;

    private LiveBenchmark(String url, StompSockets sockets) {
        this.client = new BenchClient(url);
        this.sockets = sockets;
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchClient.options(args);
        new LiveBenchmark(options.getOrDefault("url", "http://localhost:8080"),
                StompSockets.of(options.getOrDefault("client", "netty"))).run(
                Integer.parseInt(options.getOrDefault("subscribers", "2000")),
                Integer.parseInt(options.getOrDefault("holds", "200")),
                Integer.parseInt(options.getOrDefault("rows", "20")),
                Integer.parseInt(options.getOrDefault("columns", "10")),
                Integer.parseInt(options.getOrDefault("warmup-holds", "0")),
                Long.parseLong(options.getOrDefault("pace-ms", "0")));
    }

    private void run(int subscribers, int holds, int rows, int columns, int warmupHolds, long paceMillis) throws Exception {
        String admin = client.token("live-admin", "ADMIN");
        String writer = client.token("live-writer", "USER");
        String trip = client.createTrip(admin, "live-" + UUID.randomUUID().toString().substring(0, 8), "Live benchmark",
                rows, columns);
        holds = Math.min(holds, rows);
        warmupHolds = Math.min(warmupHolds, holds - 1);
        double heapBefore = heapUsed(admin);

        // deliveredAt[position - first] summed over subscribers, and how many received it
        // the trip's position when the holds start: until then no change counts as a hold's
        AtomicLong firstPosition = new AtomicLong(Long.MAX_VALUE);
        AtomicLong latestSnapshot = new AtomicLong(-1);
        AtomicLong earliestSnapshot = new AtomicLong(Long.MAX_VALUE);
        long[][] receivedAt = new long[subscribers][holds + 1];
        CountDownLatch snapshots = new CountDownLatch(subscribers);
        AtomicLongArray received = new AtomicLongArray(subscribers);
        List<StompSockets.Session> sessions = new ArrayList<>();
        String[] subscriberTokens = client.viewerTokens("live-viewer", subscribers);
        // what each subscriber saw besides changes (frames, close, error), to tell what left one without them
        String[] seen = new String[subscribers];
        Arrays.fill(seen, "");
        for (int s = 0; s < subscribers; s++) {
            int index = s;
            sessions.add(sockets.open(url, StompSockets.seatMapSubscription(subscriberTokens[index], trip, false),
                    new StompSockets.Listener() {
                        @Override
                        public void onClosed(String why) {
                            seen[index] += " " + why;
                        }

                        @Override
                        public void onFrame(CharSequence frame, long now) {
                            String text = frame.toString();
                            if (!text.startsWith("MESSAGE")) {
                                seen[index] += " " + text.substring(0, Math.min(text.length(), 200)).replace('\n', '|');
                                return;
                            }
                            Matcher position = POSITION.matcher(text);
                            if (!position.find()) {
                                return;
                            }
                            long value = Long.parseLong(position.group(1));
                            if (text.contains("seats.snapshot")) {
                                seen[index] += " snapshot";
                                latestSnapshot.accumulateAndGet(value, Math::max);
                                earliestSnapshot.accumulateAndGet(value, Math::min);
                                snapshots.countDown();
                                return;
                            }
                            long slot = value - firstPosition.get();
                            if (slot > 0 && slot <= receivedAt[index].length - 1) {
                                receivedAt[index][(int) slot] = now;
                                received.incrementAndGet(index);
                            }
                        }
                    }).get(30, TimeUnit.SECONDS));
        }
        if (!snapshots.await(120, TimeUnit.SECONDS)) {
            for (int s = 0; s < subscribers; s++) {
                if (!seen[s].contains("snapshot")) {
                    BenchClient.REPORT.printf("subscriber %d:%s%n", s, seen[s]);
                }
            }
            throw new IllegalStateException("only " + (subscribers - snapshots.getCount()) + " snapshots arrived");
        }
        // a subscriber that came while the new trip's own events were still being projected has an older
        // snapshot and gets those events as changes first; the holds come after the newest snapshot
        firstPosition.set(latestSnapshot.get());
        double heapConnected = heapUsed(admin);
        BenchClient.REPORT.printf("%d subscribers connected (snapshots at positions %d to %d); server heap %.0f MiB -> %.0f MiB (%.1f KiB per connection)%n",
                subscribers, earliestSnapshot.get(), latestSnapshot.get(), heapBefore / 1048576, heapConnected / 1048576, (heapConnected - heapBefore) / 1024 / subscribers);

        Costs before = null;
        long[] sentAt = new long[holds + 1];
        long[] answeredAt = new long[holds + 1];
        long start = System.nanoTime();
        for (int h = 1; h <= holds; h++) {
            if (h > 1) {
                pause(sentAt[h - 1] + TimeUnit.MILLISECONDS.toNanos(paceMillis) - System.nanoTime());
            }
            if (h == warmupHolds + 1) {
                before = costs(admin);
            }
            sentAt[h] = System.nanoTime();
            BenchClient.Answer answer = client.send("POST", "/api/trips/" + trip + "/holds", writer,
                    "{\"seats\":[\"" + h + "A\"],\"holdMinutes\":30}");
            answeredAt[h] = System.nanoTime();
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("hold failed: " + answer.body());
            }
        }
        long expected = (long) subscribers * holds;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (total(received) < expected && System.nanoTime() < deadline) {
            pause(TimeUnit.MILLISECONDS.toNanos(20));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Costs counted = costs(admin).since(before);
        for (int s = 0, shown = 0; s < subscribers && shown < 20; s++) {
            if (received.get(s) < holds) {
                BenchClient.REPORT.printf("subscriber %d got %d of %d changes:%s%n", s, received.get(s), holds, seen[s]);
                shown++;
            }
        }
        List<Long> fromSend = new ArrayList<>();
        List<Long> fromAnswer = new ArrayList<>();
        for (long[] subscriber : receivedAt) {
            for (int h = warmupHolds + 1; h <= holds; h++) {
                if (subscriber[h] != 0) {
                    fromSend.add(subscriber[h] - sentAt[h]);
                    fromAnswer.add(subscriber[h] - answeredAt[h]);
                }
            }
        }
        // per hold: its first subscriber's arrival (the path to the fan-out) and its last one's (plus the fan-out)
        long[] first = new long[holds - warmupHolds];
        long[] last = new long[holds - warmupHolds];
        for (int h = warmupHolds + 1; h <= holds; h++) {
            long earliest = Long.MAX_VALUE;
            long latest = 0;
            for (long[] subscriber : receivedAt) {
                if (subscriber[h] != 0) {
                    earliest = Math.min(earliest, subscriber[h]);
                    latest = Math.max(latest, subscriber[h]);
                }
            }
            first[h - warmupHolds - 1] = earliest == Long.MAX_VALUE ? 0 : earliest - sentAt[h];
            last[h - warmupHolds - 1] = latest == 0 ? 0 : latest - sentAt[h];
        }
        Arrays.sort(first);
        Arrays.sort(last);
        long[] send = fromSend.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] answered = fromAnswer.stream().mapToLong(Long::longValue).sorted().toArray();
        BenchClient.REPORT.printf("holds %d (%d of them warm-up, not counted), deliveries %d of %d (%.0f messages/s delivered)%n",
                holds, warmupHolds, send.length, (long) subscribers * (holds - warmupHolds), total(received) / seconds);
        BenchClient.REPORT.printf("push latency from sending the hold, ms: p50 %.1f  p99 %.1f  max %.1f%n",
                BenchClient.percentile(send, 50), BenchClient.percentile(send, 99), send.length == 0 ? 0 : send[send.length - 1] / 1e6);
        BenchClient.REPORT.printf("per hold, from sending it to its first / last subscriber, ms: p50 %.1f / %.1f  max %.1f / %.1f%n",
                BenchClient.percentile(first, 50), BenchClient.percentile(last, 50), first[first.length - 1] / 1e6,
                last[last.length - 1] / 1e6);
        BenchClient.REPORT.printf("push latency after the hold's answer, ms: p50 %.1f  p99 %.1f (negative: pushed before the answer)%n",
                BenchClient.percentile(answered, 50), BenchClient.percentile(answered, 99));
        int countedHolds = holds - warmupHolds;
        BenchClient.REPORT.printf("service CPU per counted hold %.1f ms (%.1f us per delivery); this tool's %.1f ms; "
                        + "service GC pauses meanwhile: %.0f, %.0f ms in all; its JIT compilers busy %.0f ms%n",
                counted.serviceCpuNanos / countedHolds / 1e6, counted.serviceCpuNanos / Math.max(1, send.length) / 1e3,
                counted.toolCpuNanos / countedHolds / 1e6, counted.gcPauses, counted.gcPauseSeconds * 1e3, counted.jitMillis);
        sessions.forEach(StompSockets.Session::close);
        sockets.close();
    }

    /**
     * What the service and this tool have spent so far: CPU time, the service's GC pauses and its JIT
     * compilers' busy time (elapsed, not CPU). On two shared cores the latency of one fan-out varies by tens
     * of ms from run to run; these say what a run's changes cost and what else the service was doing.
     */
    private record Costs(double serviceCpuNanos, double gcPauses, double gcPauseSeconds, double jitMillis,
                         double toolCpuNanos) {
        Costs since(Costs start) {
            return new Costs(serviceCpuNanos - start.serviceCpuNanos, gcPauses - start.gcPauses,
                    gcPauseSeconds - start.gcPauseSeconds, jitMillis - start.jitMillis, toolCpuNanos - start.toolCpuNanos);
        }
    }

    private Costs costs(String adminToken) throws Exception {
        var tool = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Double> pauses = client.statistics(adminToken, "jvm.gc.pause");
        return new Costs(client.metric(adminToken, "process.cpu.time", "COUNT"), pauses.getOrDefault("COUNT", 0.0),
                pauses.getOrDefault("TOTAL_TIME", 0.0), client.metric(adminToken, "jvm.compilation.time", "COUNT"),
                tool.getProcessCpuTime());
    }

    /** Waits on a timer-backed future rather than a bare sleep; nothing when {@code nanos} is not positive. */
    private static void pause(long nanos) throws Exception {
        if (nanos > 0) {
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS)).get();
        }
    }

    private static long total(AtomicLongArray counts) {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    private double heapUsed(String adminToken) throws Exception {
        return client.metric(adminToken, "jvm.memory.used?tag=area:heap", "VALUE");
    }

}
