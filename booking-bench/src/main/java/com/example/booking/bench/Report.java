package com.example.booking.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lines of a benchmark's report, formatted as with {@code printf}, one log line each. */
final class Report {

    private static final Logger log = LoggerFactory.getLogger("report");

    void printf(String format, Object... args) {
        for (String line : String.format(format, args).split("\\R", -1)) {
            if (!line.isEmpty()) {
                log.info(line);
            }
        }
    }

    void println(String line) {
        log.info(line);
    }
}
