/** REST endpoints for bookings. */
package com.example.booking.api.booking;
