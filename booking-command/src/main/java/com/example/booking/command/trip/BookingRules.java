package com.example.booking.command.trip;

import com.example.booking.shared.booking.ConfirmBookingCommand;
import com.example.booking.shared.booking.Passenger;
import com.example.booking.shared.error.BookingRejectedException;

import java.util.regex.Pattern;

/** What a booking request must contain, before any seat is looked at. */
final class BookingRules {

    /** 13–19 digits, optionally grouped: what a card number looks like. Such data never enters an event. */
    private static final Pattern CARD_NUMBER = Pattern.compile("(?:\\d[ -]?){12,18}\\d");
    private static final int MAX_TEXT = 200;

    private BookingRules() {
    }

    static void check(ConfirmBookingCommand command) {
        require(command.seats() != null && command.passengers() != null
                && command.passengers().size() == command.seats().size(), "give one passenger per seat");
        for (Passenger passenger : command.passengers()) {
            require(passenger != null && text(passenger.firstName()) && text(passenger.lastName()),
                    "every passenger needs firstName and lastName");
            require(optionalText(passenger.idType()) && optionalText(passenger.idNumber()),
                    "passenger id fields are at most 200 characters");
        }
        require(command.payment() != null && text(command.payment().reference())
                && optionalText(command.payment().method()), "payment.reference is required");
        require(!CARD_NUMBER.matcher(command.payment().reference().strip()).matches(),
                "payment.reference looks like a card number: send the payment provider's reference instead");
        require(command.contact() != null && text(command.contact().name())
                && (text(command.contact().email()) || text(command.contact().phone()))
                && optionalText(command.contact().email()) && optionalText(command.contact().phone()),
                "contact needs a name and an email or phone");
    }

    private static boolean text(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_TEXT;
    }

    private static boolean optionalText(String value) {
        return value == null || value.length() <= MAX_TEXT;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw BookingRejectedException.invalid(message);
        }
    }
}
