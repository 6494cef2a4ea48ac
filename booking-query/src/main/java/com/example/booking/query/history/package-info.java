/** History and past seat maps, read from the event store. */
package com.example.booking.query.history;
