package com.example.booking.command.trip;

import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.trip.Category;
import com.example.booking.shared.trip.ScheduleTripCommand;
import com.example.booking.shared.trip.SeatDefinition;
import com.example.booking.shared.trip.TableDefinition;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes a seat plan acceptable. Kept apart from the aggregate so the aggregate reads as decisions. */
final class TripPlanRules {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,15}");
    // no dots: category ids become field names in read models
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private TripPlanRules() {
    }

    static void check(ScheduleTripCommand command) {
        require(command.name() != null && !command.name().isBlank() && command.name().length() <= 200,
                "name is required (at most 200 characters)");
        require(command.departsAt() != null, "departsAt is required");
        Set<String> categoryIds = checkCategories(command.categories());
        boolean hasSeats = command.seats() != null && !command.seats().isEmpty();
        require(hasSeats != (command.layout() != null), "give either seats or layout");
        if (command.layout() != null) {
            require(command.layout().rows() >= 1 && command.layout().columns() >= 1,
                    "layout needs at least one row and one column");
            require(command.layout().size() <= TripSeats.MAX_SEATS, "a trip has at most 100,000 seats");
            require(categoryIds.contains(command.layout().category()), "layout.category is not a category");
            require(command.tables() == null || command.tables().isEmpty(), "tables need explicit seats");
        } else {
            Set<String> labels = checkSeats(command.seats(), categoryIds);
            checkTables(command.tables(), labels);
        }
    }

    private static Set<String> checkCategories(List<Category> categories) {
        require(categories != null && !categories.isEmpty() && categories.size() <= 100, "give 1 to 100 categories");
        Set<String> ids = new HashSet<>();
        String currency = categories.get(0) == null ? null : categories.get(0).currency();
        for (Category category : categories) {
            require(category != null && category.id() != null && ID.matcher(category.id()).matches(),
                    "category id must be 1-64 letters, digits, '_' or '-'");
            require(ids.add(category.id()), "category id repeated: " + category.id());
            require(category.price() != null && category.price().compareTo(BigDecimal.ZERO) >= 0
                    && category.price().scale() <= 4 && category.price().precision() <= 15,
                    "category price must be a non-negative amount");
            require(category.currency() != null && CURRENCY.matcher(category.currency()).matches(),
                    "currency must be a 3-letter ISO code");
            require(category.currency().equals(currency), "all categories of a trip use one currency");
        }
        return ids;
    }

    private static Set<String> checkSeats(List<SeatDefinition> seats, Set<String> categoryIds) {
        require(seats.size() <= TripSeats.MAX_SEATS, "a trip has at most 100,000 seats");
        Set<String> labels = new HashSet<>(seats.size() * 2);
        for (SeatDefinition seat : seats) {
            require(seat != null && seat.label() != null && LABEL.matcher(seat.label()).matches(),
                    "seat label must be 1-16 letters, digits, space, '.', '_' or '-'");
            require(labels.add(seat.label()), "seat label repeated: " + seat.label());
            require(categoryIds.contains(seat.category()), "seat " + seat.label() + " has an unknown category");
            require(Double.isFinite(seat.x()) && Double.isFinite(seat.y()), "seat position must be finite");
        }
        return labels;
    }

    private static void checkTables(List<TableDefinition> tables, Set<String> labels) {
        if (tables == null) {
            return;
        }
        Set<String> ids = new HashSet<>();
        Map<String, String> tableOfSeat = new HashMap<>();
        for (TableDefinition table : tables) {
            require(table != null && table.id() != null && ID.matcher(table.id()).matches(), "table id is invalid");
            require(ids.add(table.id()), "table id repeated: " + table.id());
            require(table.seats() != null && !table.seats().isEmpty() && table.seats().size() <= 50,
                    "a table has 1 to 50 seats");
            for (String label : table.seats()) {
                require(labels.contains(label), "table " + table.id() + " names an unknown seat");
                require(tableOfSeat.putIfAbsent(label, table.id()) == null, "seat " + label + " is at two tables");
            }
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw BookingRejectedException.invalid(message);
        }
    }
}
