/** Bookings, as a MongoDB read model. */
package com.example.booking.query.booking;
