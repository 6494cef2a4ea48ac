package com.example.booking.api;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service started inside a benchmark's own JVM, on its embedded defaults and in memory, so a benchmark
 * can write history straight into the event store and read the application's beans.
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

    static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
