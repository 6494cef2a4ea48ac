package com.example.booking.api;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service started inside a benchmark's or a test's own JVM, so it can write history straight into the
 * event store, read the application's beans, or break the servers underneath it.
 */
final class InProcessService {

    private InProcessService() {
    }

    /** {@code --name value} pairs; names starting with {@code booking.} are service settings. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** Starts the service on a free port; service settings among the options pass through. */
    static ConfigurableApplicationContext start(Map<String, String> options) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--booking.infra.in-memory=true",
                "--axoniq.update-checker.disabled=true", "--logging.level.root=WARN",
                "--logging.level.com.example.booking.query.projection=INFO"));
        options.forEach((key, value) -> {
            if (key.startsWith("booking.")) {
                appArgs.add("--" + key + "=" + value);
            }
        });
        return new SpringApplicationBuilder(BookingApplication.class).run(appArgs.toArray(String[]::new));
    }

    /**
     * Starts the service on a free port with development tokens, for a test that points it at servers of its
     * own; {@code settings} are further {@code --name=value} arguments.
     */
    static ConfigurableApplicationContext startWithDevTokens(String... settings) {
        List<String> appArgs = new ArrayList<>(List.of("--server.port=0",
                "--booking.jwt.secret=a-test-secret-that-is-at-least-32-bytes-long", "--booking.jwt.dev-tokens=true",
                "--axoniq.update-checker.disabled=true"));
        appArgs.addAll(List.of(settings));
        return new SpringApplicationBuilder(BookingApplication.class).run(appArgs.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
