/** REST endpoints for trips, seat maps, statistics and blocking. */
package com.example.booking.api.trip;
