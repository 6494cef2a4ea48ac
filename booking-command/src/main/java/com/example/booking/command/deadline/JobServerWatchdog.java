package com.example.booking.command.deadline;

import org.jobrunr.server.BackgroundJobServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * JobRunr's background server shuts itself down when it cannot reach its job store (a MongoDB outage).
 * Without it no hold expiry would fire again until a restart, so it is started again once it has stopped
 * on its own.
 */
class JobServerWatchdog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobServerWatchdog.class);

    private final BackgroundJobServer server;
    private final Duration interval;
    private ScheduledExecutorService timer;

    JobServerWatchdog(BackgroundJobServer server, Duration interval) {
        this.server = server;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-server-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            if (!server.isRunning()) {
                log.warn("the deadline job server had stopped (job store unreachable?); starting it again");
                server.start();
            }
        } catch (RuntimeException e) {
            log.warn("could not restart the deadline job server yet: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    /** Stops before the job server does, so it never restarts a server that is being shut down. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
