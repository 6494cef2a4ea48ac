package com.example.booking.api;

import com.example.booking.command.config.TripCommandConfiguration;
import com.example.booking.query.config.ReadModelConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The seat-booking service: REST edges over the write side and the read side, on one runnable app. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({TripCommandConfiguration.class, ReadModelConfiguration.class})
public class BookingApplication {

    public static void main(String[] args) {
        // Axon's update checker calls out to the internet; this service must start offline
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(BookingApplication.class, args);
    }
}
